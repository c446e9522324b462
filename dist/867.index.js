export const id = 867;
export const ids = [867];
export const modules = {

/***/ 7867:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createEcsApi: () => (/* binding */ createEcsApi)
});

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-cjs/index.js
var dist_cjs = __webpack_require__(212);
// EXTERNAL MODULE: ./src/aws/errors.ts
var errors = __webpack_require__(9378);
// EXTERNAL MODULE: ./src/clock.ts
var src_clock = __webpack_require__(9373);
// EXTERNAL MODULE: ./src/taskdef/diff.ts
var diff = __webpack_require__(5889);
;// CONCATENATED MODULE: ./src/aws/once.ts
// Calls that must happen once: RegisterTaskDefinition and UpdateService take no client token, so a retry after a
// lost answer can add a second revision or a second deployment. The SDK retries only what surely did not happen
// (throttling, refusals); after an ambiguous failure we look at what ECS did before sending again.




const ONCE_ATTEMPTS = 5;
/** How long to let ECS settle before looking, times the attempt: a slow answer may still land. */
const SETTLE_MS = 1_000;
/** What ECS did counts from this long before our first send: AWS's clock and the runner's may differ a little. */
const CLOCK_SKEW_MS = 30_000;
const NETWORK_CODES = ['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNABORTED'];
/**
 * A failure after which the call may or may not have been done: a server fault (5xx), a connection lost after
 * sending (reset, hang up, timeout). Throttling and client errors are definite: ECS did nothing.
 */
function isAmbiguous(error) {
    for (let e = error, depth = 0; e && depth < 5; depth++) {
        if (e instanceof AmbiguousFailure)
            return true;
        const { code, message, $metadata, $fault } = e;
        const name = (0,errors/* errorName */.Is)(e) ?? '';
        if (/Throttl|TooManyRequests|RequestLimitExceeded/.test(name))
            return false;
        if (($metadata?.httpStatusCode ?? 0) >= 500 || $fault === 'server')
            return true;
        if (/^(TimeoutError|RequestTimeout|RequestTimeoutException)$/.test(name))
            return true;
        if (typeof code === 'string' && NETWORK_CODES.includes(code))
            return true;
        if (typeof message === 'string' && /socket hang up/i.test(message))
            return true;
        e = e.cause;
    }
    return false;
}
/** Carries an ambiguous failure past the SDK's retry, which would otherwise send the call again blindly. */
class AmbiguousFailure extends Error {
    original;
    constructor(original) {
        // No `cause` and no $metadata: the SDK's classifier must see nothing retryable in it.
        super((0,errors/* describeAwsError */.Pp)(original));
        this.original = original;
        this.name = 'AmbiguousFailure';
    }
}
/** The error under an AmbiguousFailure, for the caller's message. */
function unwrap(error) {
    return error instanceof AmbiguousFailure ? error.original : error;
}
/**
 * Keeps the SDK from retrying this command after an ambiguous failure; throttling is still retried by the SDK.
 * The middleware sits inside the retry loop, just outside the deserializer, so it sees ECS's parsed errors.
 */
function withoutBlindRetry(command) {
    ;
    command.middlewareStack.add(next => async (args) => {
        try {
            return await next(args);
        }
        catch (e) {
            throw isAmbiguous(e) ? new AmbiguousFailure(e) : e;
        }
    }, { step: 'deserialize', priority: 'high', name: 'releaseToEcsNoBlindRetry' });
    return command;
}
/**
 * Sends until it gets an answer; after an ambiguous failure, first asks `done` whether ECS did it anyway (given the
 * earliest time that counts) and returns that. Definite failures are thrown at once; the last ambiguous one after
 * `attempts` sends.
 */
async function once(what, send, done, options = {}) {
    const clock = options.clock ?? src_clock/* systemClock */.m;
    const attempts = options.attempts ?? ONCE_ATTEMPTS;
    const since = clock.now() - CLOCK_SKEW_MS;
    for (let attempt = 1;; attempt++) {
        let failure;
        try {
            return await send();
        }
        catch (e) {
            if (!isAmbiguous(e))
                throw unwrap(e);
            failure = unwrap(e);
        }
        if (attempt >= attempts)
            throw failure;
        options.logger?.info(`No sure answer to ${what} (${(0,errors/* describeAwsError */.Pp)(failure)}); looking whether ECS did it before sending it again.`);
        await clock.sleep(SETTLE_MS * attempt);
        let found;
        try {
            found = await done(since);
        }
        catch (e) {
            throw new Error(`${(0,errors/* describeAwsError */.Pp)(failure)}; whether ECS did ${what} anyway is unknown, because looking failed too ` +
                `(${(0,errors/* describeAwsError */.Pp)(e)}). Nothing was sent again: check the service and its task definitions, then re-run.`, { cause: e });
        }
        if (found !== undefined) {
            options.logger?.info(`ECS had done ${what}: using that instead of sending it again.`);
            return found;
        }
        options.logger?.info(`ECS had not done ${what}: sending it again (attempt ${attempt + 1} of ${attempts}).`);
    }
}
/** RegisterTaskDefinition, once: a lost answer is found as the family's newest revision, equal to ours and new. */
function registerTaskDefinitionOnce(client, request, options = {}) {
    return once(`RegisterTaskDefinition of ${request.family}`, () => client.send(withoutBlindRetry(new dist_cjs.RegisterTaskDefinitionCommand(request))), async (since) => {
        let latest;
        try {
            latest = await client.send(new dist_cjs.DescribeTaskDefinitionCommand({ taskDefinition: request.family, include: ['TAGS'] }));
        }
        catch (e) {
            // A family without any revision: "Unable to describe task definition."
            if ((0,errors/* errorName */.Is)(e) === 'ClientException')
                return undefined;
            throw e;
        }
        const td = latest.taskDefinition;
        const { tags: _tags, ...rendered } = request;
        if (!td || (td.registeredAt?.getTime() ?? 0) < since || !(0,diff/* taskDefinitionsEqual */.Qe)(rendered, td))
            return undefined;
        return { taskDefinition: td, tags: latest.tags, $metadata: latest.$metadata };
    }, options);
}
/** UpdateService, once: a lost answer is found as a PRIMARY deployment of our task definition, created since. */
function updateServiceOnce(client, input, options = {}) {
    return once(`UpdateService of ${input.service}`, () => client.send(withoutBlindRetry(new dist_cjs.UpdateServiceCommand(input))), async (since) => {
        const described = await client.send(new dist_cjs.DescribeServicesCommand({ cluster: input.cluster, services: [input.service] }));
        const service = described.services?.[0];
        const ours = service?.deployments?.some(d => d.status === 'PRIMARY' &&
            d.taskDefinition === input.taskDefinition &&
            (d.createdAt?.getTime() ?? 0) >= since);
        return ours ? { service, $metadata: described.$metadata } : undefined;
    }, options);
}

;// CONCATENATED MODULE: ./src/aws/ecs.ts
// ECS: the one wrapper of ECSClient. Reads the service, its task definitions and tasks; registers a revision;
// updates the service. Loaded only through the factory in clients.ts, so it is a chunk of its own.



/** A rollout rarely stops more tasks than this; beyond it the first pages explain enough. */
const MAX_LIST_PAGES = 5;
/** `once` gives the clock and logger for RegisterTaskDefinition and UpdateService after a lost answer. */
function createEcsApi(client, once = {}) {
    return {
        async describeService(cluster, service) {
            const response = await (0,errors/* awsCall */.uF)(`Reading service ${service} in cluster ${cluster} (ecs:DescribeServices)`, () => client.send(new dist_cjs.DescribeServicesCommand({ cluster, services: [service] })));
            return response.services?.[0];
        },
        async describeServices(cluster, services) {
            const response = await (0,errors/* awsCall */.uF)(`Reading services ${services.join(', ')} in cluster ${cluster} (ecs:DescribeServices)`, () => client.send(new dist_cjs.DescribeServicesCommand({ cluster, services })));
            return {
                services: response.services ?? [],
                missing: (response.failures ?? []).map(f => f.arn ?? '').filter(a => a !== '')
            };
        },
        async describeTaskDefinition(arn) {
            const response = await (0,errors/* awsCall */.uF)(`Reading task definition ${arn} (ecs:DescribeTaskDefinition)`, () => client.send(new dist_cjs.DescribeTaskDefinitionCommand({ taskDefinition: arn })));
            return response.taskDefinition;
        },
        async readTaskDefinition(reference) {
            const response = await (0,errors/* awsCall */.uF)(`Reading task definition ${reference} with its tags (ecs:DescribeTaskDefinition)`, () => client.send(new dist_cjs.DescribeTaskDefinitionCommand({ taskDefinition: reference, include: ['TAGS'] })));
            return { taskDefinition: response.taskDefinition, tags: response.tags ?? [] };
        },
        async listStoppedTasks(cluster, service, startedBy) {
            const arns = [];
            let nextToken;
            for (let page = 0; page < MAX_LIST_PAGES; page++) {
                // ListTasks takes startedBy without serviceName/family: the deployment id already names the service's tasks.
                const response = await (0,errors/* awsCall */.uF)(`Listing stopped tasks of ${service} deployment ${startedBy} (ecs:ListTasks)`, () => client.send(new dist_cjs.ListTasksCommand({ cluster, startedBy, desiredStatus: 'STOPPED', nextToken })));
                arns.push(...(response.taskArns ?? []));
                nextToken = response.nextToken;
                if (!nextToken)
                    break;
            }
            return arns;
        },
        async describeTasks(cluster, arns) {
            const tasks = [];
            for (let i = 0; i < arns.length; i += 100) {
                const response = await (0,errors/* awsCall */.uF)(`Reading stopped tasks in cluster ${cluster} (ecs:DescribeTasks)`, () => client.send(new dist_cjs.DescribeTasksCommand({ cluster, tasks: arns.slice(i, i + 100) })));
                tasks.push(...(response.tasks ?? []));
            }
            return tasks;
        },
        async registerTaskDefinition(request) {
            const response = await (0,errors/* awsCall */.uF)(`Registering task definition ${request.family} (ecs:RegisterTaskDefinition)`, () => registerTaskDefinitionOnce(client, request, once));
            if (!response.taskDefinition?.taskDefinitionArn)
                throw new errors/* EcsError */.YX(`ECS registered ${request.family} but returned no task definition ARN; check the family in the console.`);
            return response.taskDefinition;
        },
        async runTask(request) {
            // clientToken makes the SDK's retry of a lost answer start no second task.
            const response = await (0,errors/* awsCall */.uF)(`Running a task of ${request.taskDefinition} (ecs:RunTask)`, () => client.send(new dist_cjs.RunTaskCommand(request)));
            return { task: response.tasks?.[0], failures: response.failures ?? [] };
        },
        async stopTask(cluster, task, reason) {
            await (0,errors/* awsCall */.uF)(`Stopping task ${task} (ecs:StopTask)`, () => client.send(new dist_cjs.StopTaskCommand({ cluster, task, reason })));
        },
        async describeServiceDeployments(arns) {
            const found = [];
            for (let i = 0; i < arns.length; i += 20) {
                const response = await (0,errors/* awsCall */.uF)('Reading service deployments (ecs:DescribeServiceDeployments)', () => client.send(new dist_cjs.DescribeServiceDeploymentsCommand({ serviceDeploymentArns: arns.slice(i, i + 20) })));
                found.push(...(response.serviceDeployments ?? []));
            }
            return found;
        },
        async listServiceDeployments(cluster, service, createdAfter) {
            const briefs = [];
            let nextToken;
            for (let page = 0; page < MAX_LIST_PAGES; page++) {
                const response = await (0,errors/* awsCall */.uF)(`Listing service deployments of ${service} in cluster ${cluster} (ecs:ListServiceDeployments)`, () => client.send(new dist_cjs.ListServiceDeploymentsCommand({
                    cluster,
                    service,
                    nextToken,
                    ...(createdAfter ? { createdAt: { after: createdAfter } } : {})
                })));
                briefs.push(...(response.serviceDeployments ?? []));
                nextToken = response.nextToken;
                if (!nextToken)
                    break;
            }
            return briefs.sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0));
        },
        async stopServiceDeployment(arn, stopType) {
            await (0,errors/* awsCall */.uF)(`Stopping service deployment ${arn} (ecs:StopServiceDeployment)`, () => client.send(new dist_cjs.StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType })));
        },
        async continueServiceDeployment(arn, hookId, action) {
            await (0,errors/* awsCall */.uF)(`Continuing service deployment ${arn} (ecs:ContinueServiceDeployment)`, () => client.send(new dist_cjs.ContinueServiceDeploymentCommand({ serviceDeploymentArn: arn, hookId, action })));
        },
        async describeServiceRevisions(arns) {
            const found = [];
            for (let i = 0; i < arns.length; i += 20) {
                const response = await (0,errors/* awsCall */.uF)('Reading service revisions (ecs:DescribeServiceRevisions)', () => client.send(new dist_cjs.DescribeServiceRevisionsCommand({ serviceRevisionArns: arns.slice(i, i + 20) })));
                found.push(...(response.serviceRevisions ?? []));
            }
            return found;
        },
        async updateService(update) {
            const response = await (0,errors/* awsCall */.uF)(`Updating service ${update.service} (ecs:UpdateService)`, () => updateServiceOnce(client, {
                ...update.settings,
                cluster: update.cluster,
                service: update.service,
                taskDefinition: update.taskDefinitionArn,
                forceNewDeployment: update.forceNewDeployment,
                ...(update.desiredCount !== undefined ? { desiredCount: update.desiredCount } : {})
            }, once));
            if (!response.service)
                throw new errors/* EcsError */.YX(`ECS returned no service after updating ${update.service}.`);
            return response.service;
        }
    };
}


/***/ })

};
