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


/***/ }),

/***/ 5889:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Qe: () => (/* binding */ taskDefinitionsEqual),
/* harmony export */   n2: () => (/* binding */ diffTaskDefinitions)
/* harmony export */ });
/* unused harmony exports normalizeTaskDefinition, deepEqual */
/* harmony import */ var _clean_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3497);
/* harmony import */ var _types_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1433);
/* harmony import */ var _validate_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1770);
// Comparing task definitions: what changed (for the job summary), and whether a revision is identical
// to the one the service runs (so a re-run does not register it again).



/**
 * A task definition reduced to what the user decides: server-side fields, empty values and the
 * defaults ECS fills in (container cpu 0, essential true, protocol tcp, hostPort = containerPort
 * in awsvpc/host mode, enableFaultInjection false) are gone; units, role names and list order are canonical.
 */
function normalizeTaskDefinition(td) {
    const { definition } = (0,_clean_js__WEBPACK_IMPORTED_MODULE_0__/* .cleanTaskDefinition */ .I)((0,_types_js__WEBPACK_IMPORTED_MODULE_1__/* .asRecord */ .qY)(structuredClone(td)));
    const out = { ...definition };
    if (out.enableFaultInjection === false)
        delete out.enableFaultInjection;
    if (out.cpu !== undefined)
        out.cpu = String((0,_validate_js__WEBPACK_IMPORTED_MODULE_2__/* .cpuUnits */ .MN)(out.cpu) ?? out.cpu);
    if (out.memory !== undefined)
        out.memory = String((0,_validate_js__WEBPACK_IMPORTED_MODULE_2__/* .memoryMiB */ .Ii)(out.memory) ?? out.memory);
    const fargate = Array.isArray(out.requiresCompatibilities) && out.requiresCompatibilities.includes('FARGATE');
    if (out.networkMode === undefined && !fargate)
        out.networkMode = 'bridge';
    for (const key of ['taskRoleArn', 'executionRoleArn']) {
        if (typeof out[key] === 'string')
            out[key] = roleName(out[key]);
    }
    if (Array.isArray(out.requiresCompatibilities))
        out.requiresCompatibilities = [...out.requiresCompatibilities].sort();
    const sameHostPort = out.networkMode === 'awsvpc' || out.networkMode === 'host';
    if (Array.isArray(out.containerDefinitions))
        out.containerDefinitions = out.containerDefinitions.map(c => (0,_types_js__WEBPACK_IMPORTED_MODULE_1__/* .isObject */ .Gv)(c) ? normalizeContainer(c, sameHostPort, out.networkMode === 'bridge') : c);
    return out;
}
function normalizeContainer(container, sameHostPort, bridge) {
    const out = { ...container };
    if (out.cpu === 0)
        delete out.cpu;
    if (out.essential === true)
        delete out.essential;
    for (const key of ['environment', 'secrets']) {
        if (Array.isArray(out[key]))
            out[key] = [...out[key]].sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
    }
    if (Array.isArray(out.portMappings)) {
        out.portMappings = out.portMappings.map(m => {
            if (!(0,_types_js__WEBPACK_IMPORTED_MODULE_1__/* .isObject */ .Gv)(m))
                return m;
            const mapping = { ...m };
            if (mapping.protocol === 'tcp')
                delete mapping.protocol;
            if (sameHostPort && mapping.hostPort === mapping.containerPort)
                delete mapping.hostPort;
            // In bridge mode no hostPort and hostPort 0 both mean a dynamic host port.
            if (bridge && mapping.hostPort === 0)
                delete mapping.hostPort;
            return mapping;
        });
    }
    return out;
}
/** True when registering `rendered` would only repeat `current` (DescribeTaskDefinition's output). */
function taskDefinitionsEqual(rendered, current) {
    return deepEqual(normalizeTaskDefinition(rendered), normalizeTaskDefinition(current));
}
/** What changes from `before` (the service's task definition) to `after` (the rendered one), one line each. Never shows secret values. */
function diffTaskDefinitions(before, after) {
    const a = normalizeTaskDefinition(before);
    const b = normalizeTaskDefinition(after);
    const changes = [];
    const shown = new Set(['containerDefinitions', 'cpu', 'memory', 'taskRoleArn', 'executionRoleArn']);
    const change = (label, from, to) => {
        if (!deepEqual(from, to))
            changes.push(`${label}: ${show(from)} → ${show(to)}`);
    };
    change('Task CPU', a.cpu, b.cpu);
    change('Task memory', a.memory, b.memory);
    change('Task role', a.taskRoleArn, b.taskRoleArn);
    change('Execution role', a.executionRoleArn, b.executionRoleArn);
    const beforeContainers = containersByName(a);
    const afterContainers = containersByName(b);
    for (const name of beforeContainers.keys())
        if (!afterContainers.has(name))
            changes.push(`Container ${name} removed`);
    for (const [name, next] of afterContainers) {
        const prev = beforeContainers.get(name);
        if (!prev) {
            changes.push(`Container ${name} added (image ${show(next.image)})`);
            continue;
        }
        changes.push(...containerChanges(name, prev, next));
    }
    const other = [...new Set([...Object.keys(a), ...Object.keys(b)])]
        .filter(k => !shown.has(k) && !deepEqual(a[k], b[k]))
        .sort();
    if (other.length > 0)
        changes.push(`Also changed: ${other.join(', ')}`);
    return changes;
}
function containerChanges(name, a, b) {
    const changes = [];
    const change = (label, from, to) => {
        if (!deepEqual(from, to))
            changes.push(`${label} of ${name}: ${show(from)} → ${show(to)}`);
    };
    change('Image', a.image, b.image);
    change('CPU', a.cpu ?? 0, b.cpu ?? 0);
    change('Memory', a.memory, b.memory);
    change('Memory reservation', a.memoryReservation, b.memoryReservation);
    if (!deepEqual(a.portMappings, b.portMappings))
        changes.push(`Ports of ${name}: ${ports(a.portMappings)} → ${ports(b.portMappings)}`);
    change('Command', a.command, b.command);
    change('Entry point', a.entryPoint, b.entryPoint);
    const envA = pairs(a.environment);
    const envB = pairs(b.environment);
    const env = [];
    for (const [key, value] of envB) {
        if (!envA.has(key))
            env.push(`added ${key}=${value}`);
        else if (envA.get(key) !== value)
            env.push(`changed ${key}: ${envA.get(key)} → ${value}`);
    }
    for (const key of envA.keys())
        if (!envB.has(key))
            env.push(`removed ${key}`);
    if (env.length > 0)
        changes.push(`Environment of ${name}: ${env.join('; ')}`);
    // Secrets: names only. valueFrom is a reference, but what it points to is none of the log's business.
    const secA = pairs(a.secrets, 'valueFrom');
    const secB = pairs(b.secrets, 'valueFrom');
    const sec = [];
    for (const key of secB.keys()) {
        if (!secA.has(key))
            sec.push(`added ${key}`);
        else if (secA.get(key) !== secB.get(key))
            sec.push(`${key} now comes from another secret`);
    }
    for (const key of secA.keys())
        if (!secB.has(key))
            sec.push(`removed ${key}`);
    if (sec.length > 0)
        changes.push(`Secrets of ${name}: ${sec.join('; ')}`);
    const handled = new Set([
        'name',
        'image',
        'cpu',
        'memory',
        'memoryReservation',
        'portMappings',
        'command',
        'entryPoint',
        'environment',
        'secrets'
    ]);
    const other = [...new Set([...Object.keys(a), ...Object.keys(b)])]
        .filter(k => !handled.has(k) && !deepEqual(a[k], b[k]))
        .sort();
    if (other.length > 0)
        changes.push(`Also changed in ${name}: ${other.join(', ')}`);
    return changes;
}
function containersByName(td) {
    const map = new Map();
    if (Array.isArray(td.containerDefinitions))
        for (const c of td.containerDefinitions)
            if ((0,_types_js__WEBPACK_IMPORTED_MODULE_1__/* .isObject */ .Gv)(c) && typeof c.name === 'string')
                map.set(c.name, c);
    return map;
}
function pairs(list, valueKey = 'value') {
    const map = new Map();
    if (Array.isArray(list))
        for (const item of list)
            if ((0,_types_js__WEBPACK_IMPORTED_MODULE_1__/* .isObject */ .Gv)(item) && typeof item.name === 'string')
                map.set(item.name, String(item[valueKey] ?? ''));
    return map;
}
function ports(list) {
    if (!Array.isArray(list) || list.length === 0)
        return 'none';
    return list
        .map(m => {
        if (!(0,_types_js__WEBPACK_IMPORTED_MODULE_1__/* .isObject */ .Gv)(m))
            return '?';
        const host = m.hostPort !== undefined ? `${String(m.hostPort)}:` : '';
        return `${host}${String(m.containerPort)}/${String(m.protocol ?? 'tcp')}`;
    })
        .join(', ');
}
function nameOf(item) {
    return (0,_types_js__WEBPACK_IMPORTED_MODULE_1__/* .isObject */ .Gv)(item) && typeof item.name === 'string' ? item.name : '';
}
function roleName(arn) {
    return arn.startsWith('arn:') ? arn.slice(arn.lastIndexOf('/') + 1) : arn;
}
function show(value) {
    if (value === undefined)
        return '(none)';
    return typeof value === 'string' ? value : JSON.stringify(value);
}
function deepEqual(a, b) {
    if (a === b)
        return true;
    if (Array.isArray(a) || Array.isArray(b)) {
        if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length)
            return false;
        return a.every((item, i) => deepEqual(item, b[i]));
    }
    if ((0,_types_js__WEBPACK_IMPORTED_MODULE_1__/* .isObject */ .Gv)(a) && (0,_types_js__WEBPACK_IMPORTED_MODULE_1__/* .isObject */ .Gv)(b)) {
        const keys = Object.keys(a);
        if (keys.length !== Object.keys(b).length)
            return false;
        return keys.every(k => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
    }
    return false;
}


/***/ })

};
