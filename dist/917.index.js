export const id = 917;
export const ids = [917];
export const modules = {

/***/ 5819:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Fw: () => (/* binding */ sharedReads),
/* harmony export */   Ve: () => (/* binding */ withSharedReads)
/* harmony export */ });
/* unused harmony exports SERVICES_PER_CALL, FRESH_MS, FOLLOWED_MS, callsFor */
/** DescribeServices takes at most this many services per call. */
const SERVICES_PER_CALL = 10;
/** A look at most this old answers a watcher that has not seen it yet (watchers look every 0.75 to 3 s). */
const FRESH_MS = 1_000;
/** A service asked for within this long counts as followed: it rides along in its cluster's next call. */
const FOLLOWED_MS = 10_000;
/** Does this service of the answer match the name or ARN it was asked by? */
function matches(service, asked) {
    if (service.serviceArn === asked || service.serviceName === asked)
        return true;
    return asked.startsWith('arn:') && service.serviceName === asked.split('/').pop();
}
/** The services of one call each, asked first: at most `per` each, the others only filling the last call. */
function callsFor(asked, others, per = SERVICES_PER_CALL) {
    const calls = [];
    for (let i = 0; i < asked.length; i += per)
        calls.push(asked.slice(i, i + per));
    const last = calls[calls.length - 1];
    if (last)
        last.push(...others.filter(o => !asked.includes(o)).slice(0, per - last.length));
    return calls;
}
function sharedReads(reader, clock, defer = fn => setImmediate(fn)) {
    const clusters = new Map();
    let looks = 0;
    const stateOf = (cluster) => {
        let state = clusters.get(cluster);
        if (!state) {
            state = {
                pending: new Map(),
                scheduled: false,
                askedAt: new Map(),
                looks: new Map(),
                handed: new Map(),
                generation: 0
            };
            clusters.set(cluster, state);
        }
        return state;
    };
    const flush = (cluster, state) => {
        state.scheduled = false;
        const waiting = state.pending;
        state.pending = new Map();
        const now = clock.now();
        const followed = [...state.askedAt].filter(([, at]) => now - at < FOLLOWED_MS).map(([name]) => name);
        for (const names of callsFor([...waiting.keys()], followed)) {
            const id = ++looks;
            const generation = state.generation;
            reader.describeServices(cluster, names).then(answer => {
                for (const name of names) {
                    const service = answer.services.find(s => matches(s, name));
                    if (generation === state.generation)
                        state.looks.set(name, { service, at: now, id });
                    const waiters = waiting.get(name) ?? [];
                    if (waiters.length > 0)
                        state.handed.set(name, id);
                    for (const w of waiters)
                        w.resolve(service);
                }
            }, (error) => {
                // Every caller of the call gets its error, to retry (throttling) or fail as it would alone.
                for (const name of names)
                    for (const w of waiting.get(name) ?? [])
                        w.reject(error);
            });
        }
    };
    return {
        describeService(cluster, service) {
            const state = stateOf(cluster);
            const now = clock.now();
            state.askedAt.set(service, now);
            const look = state.looks.get(service);
            if (look && now - look.at < FRESH_MS && look.id > (state.handed.get(service) ?? 0)) {
                state.handed.set(service, look.id);
                return Promise.resolve(look.service);
            }
            return new Promise((resolve, reject) => {
                const waiters = state.pending.get(service) ?? [];
                waiters.push({ resolve, reject });
                state.pending.set(service, waiters);
                if (state.scheduled)
                    return;
                state.scheduled = true;
                defer(() => flush(cluster, state));
            });
        },
        invalidate(cluster) {
            const state = stateOf(cluster);
            state.generation++;
            state.looks.clear();
        }
    };
}
/** The ECS API with its service reads shared, and its updates making the cluster's looks stale. */
function withSharedReads(ecs, reads) {
    return {
        ...ecs,
        describeService: (cluster, service) => reads.describeService(cluster, service),
        updateService: async (update) => {
            reads.invalidate(update.cluster);
            try {
                return await ecs.updateService(update);
            }
            finally {
                reads.invalidate(update.cluster);
            }
        }
    };
}


/***/ }),

/***/ 8917:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  provideImage: () => (/* reexport */ push/* provideImage */.PK),
  registerServices: () => (/* reexport */ registerServices),
  rollOutServices: () => (/* reexport */ rollOutServices),
  runTaskStage: () => (/* reexport */ runTaskStage),
  serviceRuns: () => (/* reexport */ serviceRuns),
  verifyPushedImage: () => (/* reexport */ verifyPushedImage),
  verifyServices: () => (/* reexport */ verifyServices),
  waitForIdleServices: () => (/* reexport */ waitForIdleServices)
});

// EXTERNAL MODULE: ./src/image/push.ts
var push = __webpack_require__(5133);
// EXTERNAL MODULE: ./src/verify/findings.ts
var verify_findings = __webpack_require__(3271);
;// CONCATENATED MODULE: ./src/verify/index.ts


/** Runs every check of the level; throws VerifyError with all findings, else returns how many checks passed. */
async function preflight(input, io) {
    if (input.level === 'off')
        return 0;
    const { rendered, source } = input;
    const findings = [];
    let checks = 0;
    const add = (found) => {
        checks++;
        if (found)
            findings.push(...(Array.isArray(found) ? found : [found]));
    };
    if (input.existing?.digest && source.repository)
        add(await imageFinding(input.imageUri, source, input.existing.digest, rendered, io));
    else if (source.kind === 'build')
        add((0,verify_findings/* buildPlatformFinding */.BW)(input.imageUri, input.platformInput, input.machineArch, rendered.runtimePlatform));
    else
        io.logger.info(`The image ${input.imageUri} is not in ECR: its platform is not verified.`);
    add((0,verify_findings/* loadBalancerFindings */.Vu)(input.service?.loadBalancers, rendered));
    if (input.level === 'full') {
        const refs = (0,verify_findings/* fullReferences */.U_)(rendered, input.account);
        const { lookups } = io;
        // Every look-up at once; the answers keyed as the findings ask for them.
        const answers = (keys, look) => Promise.all([...new Set(keys)].map(async (k) => [k, await look(k)])).then(pairs => new Map(pairs));
        const [groups, secrets, parameters, roles] = await Promise.all([
            answers(refs.logGroups.map(g => `${g.region ?? ''} ${g.name}`), key => lookups.logGroupExists(key.slice(key.indexOf(' ') + 1), key.slice(0, key.indexOf(' ')) || undefined)),
            answers(refs.secrets.map(s => s.id), id => lookups.secretExists(id)),
            answers(refs.parameters.map(p => p.name), name => lookups.parameterExists(name)),
            answers(refs.roles.map(r => r.arn), arn => lookups.roleTrust(arn))
        ]);
        add((0,verify_findings/* fullFindings */.Iu)(refs, {
            logGroupExists: (name, region) => groups.get(`${region ?? ''} ${name}`) === true,
            secretExists: id => secrets.get(id) === true,
            parameterExists: name => parameters.get(name) === true,
            roleTrust: arn => roles.get(arn)
        }));
    }
    if (findings.length > 0)
        throw new verify_findings/* VerifyError */.Gz(findings);
    io.logger.info(`Pre-flight check (verify: ${input.level}) passed.`);
    return checks;
}
/** After the push, before registering: the manifest ECR now holds against the task definition. */
async function verifyPushedImage(level, imageUri, source, digest, rendered, io) {
    if (level === 'off' || !source.repository || !digest)
        return;
    const finding = await imageFinding(imageUri, source, digest, rendered, io);
    if (finding)
        throw new verify_findings/* VerifyError */.Gz([finding]);
}
async function imageFinding(imageUri, source, digest, rendered, io) {
    const read = await io.ecr.imagePlatforms(source.repository, source.registryId, digest);
    if ('unknown' in read) {
        io.logger.warning(`The platform of ${imageUri} could not be read (${read.unknown}); it is not verified.`, {
            title: 'Image platform not verified'
        });
        return undefined;
    }
    io.logger.info(`${imageUri} runs on ${read.platforms.map(p => `${p.os}/${p.architecture}`).join(', ')}`);
    return (0,verify_findings/* platformFinding */.ju)(imageUri, read.platforms, rendered.runtimePlatform);
}

// EXTERNAL MODULE: ./src/aws/arn.ts
var aws_arn = __webpack_require__(1626);
// EXTERNAL MODULE: ./src/aws/errors.ts
var errors = __webpack_require__(9378);
// EXTERNAL MODULE: ./src/rollout/watch.ts + 3 modules
var watch = __webpack_require__(4827);
// EXTERNAL MODULE: ./src/rollout/progress.ts
var progress = __webpack_require__(9778);
;// CONCATENATED MODULE: ./src/rollout/rollback.ts
// Putting the service back on the task definition it ran before, when asked and ECS did not already do it.



/**
 * Rolls the service back after a failed rollout and follows that deployment with the same watcher.
 * The result still fails (ok false); ROLLED_BACK with restoredTaskDefinitionArn when the rollback completed.
 */
async function rollbackService(request, failed, deps) {
    const { logger } = deps;
    const previous = request.previousTaskDefinitionArn;
    if (failed.ok || failed.outcome === 'ROLLED_BACK')
        return failed;
    const note = (line) => ({ ...failed, details: [...failed.details, line] });
    if (failed.outcome === 'REPLACED' || failed.outcome === 'SERVICE_INACTIVE')
        return note(`No rollback: the service is no longer this run's to change (${failed.outcome}).`);
    if (!previous || previous === request.taskDefinitionArn)
        return note('No rollback: the service ran no other task definition before this run.');
    const label = (0,progress/* taskDefinitionLabel */.$7)(previous);
    logger.info(`Rolling back service ${request.service} to ${label} (rollback-on-failure is true)`);
    let deploymentId;
    try {
        deploymentId = (await deps.updateService(previous)).deploymentId;
    }
    catch (e) {
        logger.warning(`The rollback to ${label} could not be started: ${(0,errors/* describeAwsError */.Pp)(e)}`, {
            title: 'Rollback not started'
        });
        return note(`Rollback to ${label} could not be started: ${(0,errors/* describeAwsError */.Pp)(e)}`);
    }
    if (!deploymentId)
        return note(`Rollback to ${label}: ECS listed no new deployment; check the service in the console.`);
    const back = await (0,watch/* watchRollout */.Dl)({
        ...request,
        deploymentId,
        taskDefinitionArn: previous,
        previousTaskDefinitionArn: undefined,
        serviceDeploymentArn: undefined
    }, deps);
    const result = mergeRollback(request, failed, back, back.ok, `deployment ${deploymentId}`, label);
    if (back.ok)
        logger.info(`Service ${request.service} runs ${label} again (deployment ${deploymentId}); the run still fails.`);
    else
        logger.warning(`The rollback to ${label} did not complete: ${back.cause}`, { title: 'Rollback failed' });
    return result;
}
/** The failed rollout and the rollback's own, as one result: ROLLED_BACK when the rollback completed. */
function mergeRollback(request, failed, back, 
/** The rollback put `label` back. */
restored, how, label) {
    const merged = {
        events: [...failed.events, ...back.events],
        stoppedTasks: [
            ...failed.stoppedTasks,
            ...back.stoppedTasks.filter(t => !failed.stoppedTasks.some(f => f.taskArn === t.taskArn))
        ],
        finishedAt: back.finishedAt,
        polls: failed.polls + back.polls,
        serviceDeploymentCalls: (failed.serviceDeploymentCalls ?? 0) + (back.serviceDeploymentCalls ?? 0)
    };
    if (restored) {
        return {
            ...merged,
            outcome: 'ROLLED_BACK',
            ok: false,
            cause: `Rolled back to ${label} (${how} completed). ${failed.cause}`,
            details: [...failed.details, `Service ${request.service} runs ${label} again.`],
            restoredTaskDefinitionArn: request.previousTaskDefinitionArn
        };
    }
    return {
        ...merged,
        outcome: failed.outcome,
        ok: false,
        cause: `${failed.cause}; the rollback to ${label} did not complete either: ${back.cause}`,
        details: [...failed.details, `Rollback (${how}) to ${label}: ${back.outcome}`, ...back.details]
    };
}
/**
 * rollback-on-failure where the service has service deployments: StopServiceDeployment ROLLBACK (it works whether or
 * not the service configures rollback), then the rollback ECS starts is followed to its end. Undefined when ECS
 * refused the stop (a deployment that already ended, a missing permission): the caller updates the service instead.
 */
async function rollbackThroughServiceDeployment(request, failed, serviceDeploymentArn, deps) {
    const previous = request.previousTaskDefinitionArn;
    if (failed.ok || ['ROLLED_BACK', 'REPLACED', 'SERVICE_INACTIVE'].includes(failed.outcome))
        return undefined;
    if (!previous || previous === request.taskDefinitionArn)
        return undefined;
    const label = (0,progress/* taskDefinitionLabel */.$7)(previous);
    const { logger } = deps;
    try {
        await deps.stopServiceDeployment(serviceDeploymentArn, 'ROLLBACK');
    }
    catch (e) {
        logger.info(`ECS did not stop service deployment ${serviceDeploymentArn} (${(0,errors/* describeAwsError */.Pp)(e)}); updating the service back to ${label} instead.`);
        return undefined;
    }
    logger.info(`Rolling back service ${request.service} to ${label}: StopServiceDeployment ROLLBACK on ${serviceDeploymentArn} (rollback-on-failure is true)`);
    const earlier = { eventsSince: failed.finishedAt, stoppedTasks: failed.stoppedTasks };
    // The tasks that failed were counted already: the rollback's end is ECS's to say.
    const back = await (0,watch/* watchRollout */.Dl)({ ...request, followEcsRollback: true, maxTaskFailures: 0, earlier }, deps);
    // ECS's rollback deployment completing is the followed watch's ROLLED_BACK.
    const result = mergeRollback(request, failed, back, back.outcome === 'ROLLED_BACK', 'ECS rollback', label);
    if (result.outcome === 'ROLLED_BACK')
        logger.info(`Service ${request.service} runs ${label} again; the run still fails.`);
    else
        logger.warning(`The rollback to ${label} did not complete: ${back.cause}`, { title: 'Rollback failed' });
    return result;
}

// EXTERNAL MODULE: ./src/deploy/facts.ts
var facts = __webpack_require__(2944);
// EXTERNAL MODULE: ./src/rollout/cadence.ts
var cadence = __webpack_require__(8042);
// EXTERNAL MODULE: ./src/duration.ts
var duration = __webpack_require__(7607);
;// CONCATENATED MODULE: ./src/rollout/busy.ts






function describeBusy(d) {
    const started = d.createdAt ? `, started ${(0,progress/* clockTime */.qo)(d.createdAt)} UTC` : '';
    return `deployment ${d.id ?? '?'} of ${(0,progress/* taskDefinitionLabel */.$7)(d.taskDefinition)} (${(0,progress/* deploymentState */.DY)(d)}${started})`;
}
function checkActive(request, service) {
    if (!service || (service.status && service.status !== 'ACTIVE'))
        throw new errors/* EcsError */.YX(`Service "${request.service}" ${service ? `is ${service.status}` : 'was not found'} in cluster "${request.cluster}"; ` +
            'it cannot be deployed to. Check service / cluster / aws-region.');
}
/** Resolves when no deployment is rolling out; throws at once (on-busy fail) or after timeoutMs (wait). */
async function waitForIdleService(request, deps) {
    const { source, clock, logger } = deps;
    const random = deps.random ?? Math.random;
    const start = clock.now();
    let polls = 0;
    let throttled = 0;
    let lastLine = '';
    let lastPrintAt = start;
    let waitingFor = [];
    for (;;) {
        let service;
        try {
            polls++;
            service = await source.describeService(request.cluster, request.service);
            throttled = 0;
        }
        catch (e) {
            if (!(0,cadence/* isRetryable */.r3)(e))
                throw e;
            throttled++;
        }
        if (throttled === 0) {
            checkActive(request, service);
            const busy = (0,facts/* busyDeployments */.Gg)(service, request.ownDeploymentId);
            if (busy.length === 0) {
                if (waitingFor.length > 0) {
                    const ended = waitingFor.map(d => {
                        const now = service?.deployments?.find(x => x.id === d.id);
                        return `${d.id ?? '?'} ${now?.rolloutState ?? 'finished'}`;
                    });
                    logger.info(`The other rollout is over (${ended.join(', ')}) after ${(0,duration/* formatDuration */.a)(clock.now() - start)}; deploying now.`);
                }
                return;
            }
            const what = busy.map(describeBusy).join('; ');
            if (request.onBusy === 'fail')
                throw new errors/* EcsError */.YX(`Service "${request.service}" is busy with another rollout: ${what}. on-busy is fail, so nothing was changed; ` +
                    're-run when it has finished, or set on-busy: wait.');
            if (waitingFor.length === 0)
                logger.info(`Service ${request.service} is busy with another rollout: ${what}. Waiting for it to finish.`);
            waitingFor = busy;
            const focus = busy[0];
            const line = (0,progress/* progressLine */.oz)(service?.deployments, focus.id ?? '', focus.taskDefinition ?? '', 'busy');
            if (line !== lastLine || clock.now() - lastPrintAt >= watch/* HEARTBEAT_MS */.m) {
                logger.info(line === lastLine ? `Still waiting after ${(0,duration/* formatDuration */.a)(clock.now() - start)}: ${line}` : line);
                lastLine = line;
                lastPrintAt = clock.now();
            }
        }
        const elapsed = clock.now() - start;
        if (elapsed >= request.timeoutMs)
            throw new errors/* EcsError */.YX(`Service "${request.service}" was still busy after ${(0,duration/* formatDuration */.a)(request.timeoutMs)}: ` +
                `${waitingFor.map(describeBusy).join('; ') || 'ECS kept refusing DescribeServices'}. Nothing was changed; ` +
                're-run later or raise wait-for-minutes.');
        // Nobody waits on another's rollout to the second: the slow cadence is enough.
        const delay = (0,cadence/* nextPollDelay */.qC)({
            elapsedMs: elapsed + 20_000,
            polls,
            moving: false,
            nearDone: false,
            throttled,
            random: random()
        });
        await clock.sleep(Math.min(delay, request.timeoutMs - elapsed));
    }
}

;// CONCATENATED MODULE: ./src/rollout/index.ts
// Following a rollout: the entry points the pipeline calls.






;// CONCATENATED MODULE: ./src/deploy/own-service-deployment.ts

/** Local clock skew allowed when asking ECS for service deployments created since the update. */
const CREATED_SKEW_MS = 10_000;
/** The ARN UpdateService's answer names when it is a new one (pure); undefined when the answer does not tell. */
function answeredServiceDeployment(before, updated) {
    const arn = updated.currentServiceDeployment;
    return arn && arn !== before.currentServiceDeployment ? arn : undefined;
}
async function ownServiceDeployment(facts, deps) {
    const answered = answeredServiceDeployment(facts.before, facts.updated);
    if (answered)
        return answered;
    // A service that never had one (older deployments) has none now either: no extra call.
    if (!facts.before.currentServiceDeployment && !facts.updated.currentServiceDeployment)
        return undefined;
    try {
        const since = new Date(facts.updatedAt - CREATED_SKEW_MS);
        const found = await deps.ecs.listServiceDeployments(facts.cluster, facts.service, since);
        const newest = found.find(b => b.serviceDeploymentArn !== facts.before.currentServiceDeployment);
        return newest?.serviceDeploymentArn;
    }
    catch (e) {
        deps.logger.info(`Could not list the service deployments of ${facts.service} (${(0,errors/* describeAwsError */.Pp)(e)}); following through DescribeServices only.`);
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/deploy/rolling.ts





function busyRefusal(request) {
    const busy = (0,facts/* busyDeployments */.Gg)(request.described, request.ownDeploymentId);
    if (busy.length === 0 || request.onBusy !== 'fail')
        return undefined;
    return (`The service "${request.service}" has a deployment in progress (${busy.map(d => `${d.id} on ${(0,aws_arn/* shortArn */.k)(d.taskDefinition ?? '')}`).join(', ')}); ` +
        'on-busy is fail, so nothing was changed. Re-run when it finishes, or set on-busy: wait.');
}
function createRollingUpdate(request, deps) {
    const { ecs, logger } = deps;
    const watchDeps = { ...deps, source: ecs };
    const update = async (arn, options) => ecs.updateService({
        cluster: request.cluster,
        service: request.service,
        taskDefinitionArn: arn,
        ...options
    });
    const watchRequest = (started, registered) => ({
        cluster: request.cluster,
        service: request.service,
        deploymentId: started.id,
        ...(started.serviceDeploymentArn ? { serviceDeploymentArn: started.serviceDeploymentArn } : {}),
        taskDefinitionArn: registered.arn,
        previousTaskDefinitionArn: request.described.taskDefinition,
        timeoutMs: request.timeoutMs,
        maxTaskFailures: request.maxTaskFailures,
        followEcsRollback: request.followEcsRollback
    });
    return {
        label: 'ECS rolling update',
        async waitForIdle() {
            const refusal = busyRefusal(request);
            if (refusal)
                throw new errors/* EcsError */.YX(refusal);
            if ((0,facts/* busyDeployments */.Gg)(request.described, request.ownDeploymentId).length === 0)
                return;
            await waitForIdleService({
                cluster: request.cluster,
                service: request.service,
                timeoutMs: request.timeoutMs,
                onBusy: request.onBusy,
                ownDeploymentId: request.ownDeploymentId
            }, { source: ecs, clock: deps.clock, logger });
        },
        async start(registered) {
            const service = request.described;
            const primary = (0,facts/* earlierAttempt */.kT)(service, registered, request);
            if (primary) {
                // A re-run: the service already has this task definition. Follow its deployment if still rolling out.
                if ((0,facts/* alreadyServing */.ti)(service, registered.arn))
                    return { id: primary.id ?? '', alreadyServing: true };
                logger.info(`Following the deployment already in progress for this task definition: ${primary.id}`);
                const arn = service.currentServiceDeployment;
                return { id: primary.id ?? '', alreadyServing: false, ...(arn ? { serviceDeploymentArn: arn } : {}) };
            }
            const updatedAt = deps.clock.now();
            const updated = await update(registered.arn, {
                forceNewDeployment: request.forceNewDeployment,
                desiredCount: request.desiredCount,
                settings: withDeploymentConfiguration(request.serviceSettings, service)
            });
            const id = (0,facts/* newDeploymentId */.XM)(updated, registered.arn);
            if (!id)
                throw new errors/* EcsError */.YX(`ECS updated ${request.service} but listed no PRIMARY deployment of ${(0,aws_arn/* shortArn */.k)(registered.arn)}; check the service's events.`);
            const serviceDeploymentArn = await ownServiceDeployment({ cluster: request.cluster, service: request.service, before: service, updated, updatedAt }, { ecs, logger });
            logger.info(`Started deployment ${id} of ${(0,aws_arn/* shortArn */.k)(registered.arn)}${serviceDeploymentArn ? ` (service deployment ${serviceDeploymentArn})` : ''}`);
            return { id, alreadyServing: false, ...(serviceDeploymentArn ? { serviceDeploymentArn } : {}) };
        },
        follow: (started, registered) => (0,watch/* watchRollout */.Dl)(watchRequest(started, registered), watchDeps),
        // rollbackService itself declines when ECS already rolled back, another deployment took over, or there is
        // no earlier task definition, and says so in the result.
        // Where the service has service deployments, ECS rolls back (StopServiceDeployment ROLLBACK); otherwise, or
        // when ECS refuses, the service is updated back to the task definition it ran before.
        async rollBack(failed, started, registered) {
            const watched = watchRequest(started, registered);
            const viaEcs = started.serviceDeploymentArn
                ? await rollbackThroughServiceDeployment(watched, failed, started.serviceDeploymentArn, {
                    ...watchDeps,
                    stopServiceDeployment: (arn, stopType) => ecs.stopServiceDeployment(arn, stopType)
                })
                : undefined;
            return (viaEcs ??
                rollbackService(watched, failed, {
                    ...watchDeps,
                    updateService: async (arn) => {
                        const updated = await update(arn, { forceNewDeployment: false });
                        return { deploymentId: (0,facts/* newDeploymentId */.XM)(updated, arn) ?? '' };
                    }
                }));
        },
        // on-cancel rollback: one call, answered before the runner's SIGTERM; ECS does the rest.
        async cancel(started) {
            const previous = request.described.taskDefinition;
            if (started.serviceDeploymentArn) {
                await ecs.stopServiceDeployment(started.serviceDeploymentArn, 'ROLLBACK');
                return `on-cancel is rollback: asked ECS to roll back service deployment ${started.serviceDeploymentArn} (StopServiceDeployment ROLLBACK); ECS puts ${request.service} back on ${previous ? (0,aws_arn/* shortArn */.k)(previous) : 'the revision it ran before'}.`;
            }
            if (!previous)
                return `on-cancel is rollback, but ${request.service} ran no task definition before this run; deployment ${started.id} goes on.`;
            const updated = await update(previous, { forceNewDeployment: false });
            const id = (0,facts/* newDeploymentId */.XM)(updated, previous);
            return `on-cancel is rollback: updated ${request.service} back to ${(0,aws_arn/* shortArn */.k)(previous)}${id ? ` (deployment ${id})` : ''}; ECS replaces the tasks of deployment ${started.id}.`;
        }
    };
}
/**
 * The service settings to send. minimum-healthy-percent / maximum-percent go inside deploymentConfiguration, which
 * UpdateService takes whole: the service's own circuit breaker, alarms and strategy travel with them unchanged.
 */
function withDeploymentConfiguration(settings, service) {
    if (!settings)
        return undefined;
    const { deploymentConfiguration, ...rest } = settings;
    if (!deploymentConfiguration)
        return rest;
    return {
        ...rest,
        deploymentConfiguration: { ...service.deploymentConfiguration, ...deploymentConfiguration }
    };
}

// EXTERNAL MODULE: ./src/deploy/codedeploy-names.ts
var codedeploy_names = __webpack_require__(168);
// EXTERNAL MODULE: ./src/deploy/path.ts
var path = __webpack_require__(9776);
// EXTERNAL MODULE: ./src/rollout/staged-watch.ts + 5 modules
var staged_watch = __webpack_require__(895);
// EXTERNAL MODULE: ./src/rollout/service-events.ts
var service_events = __webpack_require__(6302);
;// CONCATENATED MODULE: ./src/deploy/staged.ts







/** How far back ListServiceDeployments looks for the deployment an UpdateService created (clock skew). */
const staged_CREATED_SKEW_MS = 60_000;
function createStagedDeployment(request, deps, label) {
    const { ecs, logger, clock } = deps;
    // Waiting for another deployment to finish is the same as on a rolling service: both are in deployments[].
    const rolling = createRollingUpdate(request, deps);
    const watchRequest = (started, registered) => ({
        cluster: request.cluster,
        service: request.service,
        region: request.region,
        serviceDeploymentArn: started.serviceDeploymentArn ?? '',
        deploymentId: started.id,
        taskDefinitionArn: registered.arn,
        previousTaskDefinitionArn: request.described.taskDefinition,
        configuration: request.described.deploymentConfiguration,
        timeoutMs: request.timeoutMs,
        followRollback: request.followEcsRollback,
        waitUntil: request.waitUntil,
        onPause: request.onPause
    });
    /** UpdateService to a task definition, and the service deployment that call created (after `before`). */
    const updateTo = async (taskDefinitionArn, before, options) => {
        const startedAt = clock.now();
        const updated = await ecs.updateService({
            cluster: request.cluster,
            service: request.service,
            taskDefinitionArn,
            ...options
        });
        const arn = await createdServiceDeployment(updated, before, startedAt);
        return { arn, id: (0,facts/* newDeploymentId */.XM)(updated, taskDefinitionArn) };
    };
    return {
        label,
        waitForIdle: () => rolling.waitForIdle(),
        async start(registered) {
            const service = request.described;
            const primary = (0,facts/* earlierAttempt */.kT)(service, registered, request);
            if (primary) {
                // A re-run: the service already has this task definition; follow its deployment if still going.
                if ((0,facts/* alreadyServing */.ti)(service, registered.arn))
                    return { id: primary.id ?? '', alreadyServing: true };
                const current = service.currentServiceDeployment;
                if (current) {
                    logger.info(`Following the service deployment already in progress for this task definition: ${current}`);
                    return { id: primary.id ?? '', serviceDeploymentArn: current, alreadyServing: false };
                }
            }
            const { arn, id = '' } = await updateTo(registered.arn, service.currentServiceDeployment, {
                forceNewDeployment: request.forceNewDeployment,
                desiredCount: request.desiredCount,
                settings: withDeploymentConfiguration(request.serviceSettings, service)
            });
            logger.info(`Started service deployment ${arn} (${label}) of ${(0,aws_arn/* shortArn */.k)(registered.arn)}${id ? ` (deployment ${id})` : ''}`);
            return { id: id || (0,aws_arn/* shortArn */.k)(arn), serviceDeploymentArn: arn, alreadyServing: false };
        },
        follow: (started, registered) => {
            if (!started.serviceDeploymentArn)
                throw new errors/* EcsError */.YX(`No service deployment to follow for ${request.service}; check the service in the ECS console.`);
            return (0,staged_watch/* watchServiceDeployment */.U)(watchRequest(started, registered), {
                ecs,
                logs: deps.logs,
                clock,
                logger
            });
        },
        // ECS rolls a service deployment back itself (and the watch asks it to on a timeout): nothing left to do here.
        rollBack: async (failed) => failed.outcome === 'FAILED'
            ? { ...failed, details: [...failed.details, rollbackNote(failed)] }
            : failed,
        // A completed service deployment cannot be stopped: the way back is a new one, to the revision before.
        async revert(completed, started, registered) {
            const previous = request.described.taskDefinition;
            if (!previous)
                return {
                    ...completed,
                    ok: false,
                    details: [
                        ...completed.details,
                        `${request.service} ran no task definition before this run; it stays on ${(0,progress/* taskDefinitionLabel */.$7)(registered.arn)}.`
                    ]
                };
            const { arn, id } = await updateTo(previous, started.serviceDeploymentArn, {
                forceNewDeployment: false
            });
            logger.info(`Started service deployment ${arn} (${label}) back to ${(0,progress/* taskDefinitionLabel */.$7)(previous)}: ${request.service} completed, but the release is rolled back.`);
            const back = {
                id: id ?? (0,aws_arn/* shortArn */.k)(arn),
                serviceDeploymentArn: arn,
                alreadyServing: false
            };
            const watched = watchRequest(back, { arn: previous, isNew: false });
            // Followed to the end whatever wait-until says: "rolled back" must mean the revision before serves again.
            const result = await (0,staged_watch/* watchServiceDeployment */.U)({
                ...watched,
                previousTaskDefinitionArn: registered.arn,
                waitUntil: { kind: 'deployed' },
                onPause: 'wait',
                eventsSaid: completed.events
            }, { ecs, logs: deps.logs, clock, logger });
            if (result.outcome === 'COMPLETED')
                return {
                    ...completed,
                    outcome: 'ROLLED_BACK',
                    ok: false,
                    cause: `Rolled back to ${(0,progress/* taskDefinitionLabel */.$7)(previous)} (service deployment ${(0,aws_arn/* shortArn */.k)(arn)} completed). ${completed.cause}`,
                    details: [...completed.details, `The service runs ${(0,progress/* taskDefinitionLabel */.$7)(previous)} again.`],
                    events: (0,service_events/* mergeEvents */.e)(completed.events, result.events),
                    restoredTaskDefinitionArn: previous,
                    finishedAt: result.finishedAt,
                    polls: completed.polls + result.polls
                };
            return {
                ...result,
                ok: false,
                outcome: 'FAILED',
                cause: `Putting ${request.service} back on ${(0,progress/* taskDefinitionLabel */.$7)(previous)} did not finish: ${result.cause}`
            };
        },
        async cancel(started) {
            const arn = started.serviceDeploymentArn;
            if (!arn)
                return `No service deployment of this run to roll back on ${request.service}.`;
            try {
                await ecs.stopServiceDeployment(arn, 'ROLLBACK');
                return (`Asked ECS to roll back service deployment ${(0,aws_arn/* shortArn */.k)(arn)} (StopServiceDeployment ROLLBACK): ` +
                    `the service returns to ${(0,progress/* taskDefinitionLabel */.$7)(request.described.taskDefinition)}.`);
            }
            catch (e) {
                return `Could not ask ECS to roll back service deployment ${(0,aws_arn/* shortArn */.k)(arn)}: ${(0,errors/* describeAwsError */.Pp)(e)}`;
            }
        }
    };
    /**
     * The service deployment this run's UpdateService created: the service's currentServiceDeployment when it changed,
     * else the newest one ListServiceDeployments shows since the update.
     */
    async function createdServiceDeployment(updated, before, startedAt) {
        const after = updated.currentServiceDeployment;
        if (after && after !== before)
            return after;
        const listed = await ecs.listServiceDeployments(request.cluster, request.service, new Date(startedAt - staged_CREATED_SKEW_MS));
        const found = listed.find(d => d.serviceDeploymentArn && d.serviceDeploymentArn !== before);
        if (found?.serviceDeploymentArn)
            return found.serviceDeploymentArn;
        throw new errors/* EcsError */.YX(`ECS updated ${request.service} but showed no new service deployment (currentServiceDeployment ${before ? 'unchanged' : 'absent'}, ` +
            'none listed since the update); check the service in the ECS console.');
    }
}
function rollbackNote(failed) {
    return failed.restoredTaskDefinitionArn
        ? `The service runs ${(0,progress/* taskDefinitionLabel */.$7)(failed.restoredTaskDefinitionArn)} again.`
        : 'No rollback by the run: ECS ended the service deployment (stopped or failed) and rolls back where the service configures it.';
}

// EXTERNAL MODULE: ./src/deploy/staged-plan.ts
var staged_plan = __webpack_require__(8673);
;// CONCATENATED MODULE: ./src/deploy/index.ts
// The deployment seam: the path a service's controller and strategy call for, made from what the run read.









function createDeploymentPath(name, request, deps, codedeploy) {
    switch (name) {
        case 'ecs-rolling':
            return createRollingUpdate(request, deps);
        case 'ecs-staged': {
            const choice = (0,path/* chooseDeploymentPath */.c)(request.described);
            const label = 'label' in choice ? choice.label : 'ECS service deployment';
            const staged = {
                waitUntil: request.waitUntil ?? { kind: 'deployed' },
                onPause: request.onPause ?? 'wait'
            };
            return createStagedDeployment({ ...request, ...staged }, deps, label);
        }
        case 'codedeploy':
            if (!codedeploy || !deps.codedeploy)
                throw new Error('A CodeDeploy deployment needs its request and the CodeDeploy API.');
            return lazyCodeDeployPath(codedeploy, { ...deps, codedeploy: deps.codedeploy });
    }
}
/** The CodeDeploy path, loaded on its first call (a chunk of its own): a rolling update never loads it. */
function lazyCodeDeployPath(request, deps) {
    let made;
    const path = () => (made ??= __webpack_require__.e(/* import() */ 180).then(__webpack_require__.bind(__webpack_require__, 3180)).then(m => m.createCodeDeployPath(request, deps)));
    return {
        label: codedeploy_names/* CODEDEPLOY_LABEL */.W7,
        waitForIdle: async () => (await path()).waitForIdle(),
        start: async (registered) => (await path()).start(registered),
        follow: async (started, registered) => (await path()).follow(started, registered),
        rollBack: async (failed, started, registered) => (await path()).rollBack(failed, started, registered),
        cancel: async (started) => {
            const loaded = await path();
            return loaded.cancel ? loaded.cancel(started) : 'The CodeDeploy path cannot cancel.';
        }
    };
}

// EXTERNAL MODULE: ./src/report/failure.ts
var failure = __webpack_require__(3304);
// EXTERNAL MODULE: ./src/cancel.ts
var cancel = __webpack_require__(833);
// EXTERNAL MODULE: ./src/deploy/on-cancel.ts
var on_cancel = __webpack_require__(4265);
;// CONCATENATED MODULE: ./src/services/follow-together.ts
// Following the rollouts of several services at once (services-order parallel), and stopping early: once one fails,
// the others are not followed to their end. With rollback-on-failure and rollback-scope all they are rolled back at
// once (each through its own path) and those rollbacks followed; without rollback-on-failure the run ends within
// seconds, saying for each other service where it is and how to follow it (it goes on deploying).


/** A service's following ended early because another service of the release failed. */
class FollowingStopped extends Error {
    why;
    constructor(why) {
        super(`No longer followed: ${why}.`);
        this.why = why;
        this.name = 'FollowingStopped';
    }
}
function followStopper(clock) {
    let controller = new AbortController();
    let why = '';
    const stopper = {
        clock: {
            now: () => clock.now(),
            sleep: ms => (0,cancel/* cancellableClock */.BA)(clock, { signal: controller.signal, error: () => new FollowingStopped(why) }).sleep(ms)
        },
        get stopped() {
            return controller.signal.aborted;
        },
        stop(reason) {
            if (controller.signal.aborted)
                return;
            why = reason;
            controller.abort();
        },
        reset() {
            controller = new AbortController();
        }
    };
    return stopper;
}
/**
 * Follows these runs' deployments together. A failed one is rolled back at once (rollback-on-failure). With several
 * services, the first failure also stops following the others unless they must still be followed (rollback-scope
 * failed): with rollback-on-failure they are rolled back with the release, at once, in flight or completed; without
 * it they are left deploying, each record saying so. Results land in each run's record.
 */
async function followTogether(following, runs, registered, options, clock) {
    const several = runs.length > 1;
    const stopsOthers = several && (!options.rollbackOnFailure || options.scope === 'all');
    const rollsBackOthers = several && options.rollbackOnFailure && options.scope === 'all';
    let failure;
    const alongside = [];
    const registeredOf = (run) => registered[runs.indexOf(run)];
    const failed = (run) => {
        if (failure !== undefined || !stopsOthers)
            return;
        failure = `${run.record.name} failed`;
        for (const other of following) {
            if (other === run)
                continue;
            if (!other.record.rollout)
                other.stopper.stop(failure);
            // A service whose rollout completed before the failure goes back now too.
            else if (rollsBackOthers && other.record.rollout.ok)
                alongside.push(rollBackWithRelease(other, registeredOf(other), failure, clock).then(() => undefined));
        }
    };
    const followOne = async (run) => {
        const started = run.record.started;
        let result;
        try {
            result = await run.path.follow(started, registeredOf(run));
        }
        catch (e) {
            if (!(e instanceof FollowingStopped)) {
                // A cancelled run is on-cancel's to settle, not a failure of this service.
                if (!(0,cancel/* isCancelled */.mm)(e))
                    failed(run);
                throw e;
            }
            run.stopper.reset();
            if (rollsBackOthers)
                return rollBackWithRelease(run, registeredOf(run), e.why, clock);
            run.record.leftDeploying = leftDeployingLines(run, started, e.why);
            for (const line of run.record.leftDeploying)
                run.logger.info(line);
            run.record.finishedAt = clock.now();
            return undefined;
        }
        run.record.rollout = result;
        if (!result.ok)
            failed(run);
        else if (rollsBackOthers && failure !== undefined)
            // It completed while the others were being stopped: it goes back with the release as well.
            return rollBackWithRelease(run, registeredOf(run), failure, clock);
        const final = result.ok || !options.rollbackOnFailure
            ? result
            : await run.path.rollBack(result, started, registeredOf(run));
        run.record.finishedAt = clock.now();
        return (run.record.rollout = final);
    };
    const settled = await Promise.allSettled(following.map(followOne));
    await Promise.all(alongside);
    const rejected = settled.find((s) => s.status === 'rejected');
    if (rejected)
        throw rejected.reason;
    return settled.map(s => (s.status === 'fulfilled' ? s.value : undefined));
}
/**
 * Puts one service back because another of the release failed (rollback-scope all), and follows that rollback: a
 * deployment in flight through its path's rollback (rolling: StopServiceDeployment ROLLBACK or UpdateService back;
 * CodeDeploy: StopDeployment with rollback), a service deployment of BLUE_GREEN, LINEAR or CANARY by asking ECS to
 * roll it back and following it again.
 */
async function rollBackWithRelease(run, registered, why, clock) {
    const own = run.record.rollout;
    const started = run.record.started;
    run.logger.info(`Rolling back: ${why}, and rollback-scope is all${own ? '' : ' (its own rollout was still in progress)'}.`);
    const failed = {
        ...(own ?? { events: [], stoppedTasks: [], details: [], polls: 0 }),
        outcome: 'FAILED',
        ok: false,
        cause: `${run.record.name} is rolled back with the release (${why}).`,
        finishedAt: clock.now()
    };
    // ECS rolls a failed service deployment back itself; one in flight is asked to (StopServiceDeployment ROLLBACK).
    const inFlightStaged = !own && run.plan.deployment.path === 'ecs-staged';
    let result;
    if (inFlightStaged && run.path.cancel) {
        run.logger.info(await run.path.cancel(started));
        const back = await run.path.follow(started, registered);
        result = { ...back, ok: false, cause: `${back.cause} ${failed.cause}` };
    }
    else if (own?.ok && !started.alreadyServing && run.path.revert) {
        // Its own deployment completed: a new one takes it back (a completed service deployment cannot be stopped).
        const back = await run.path.revert(failed, started, registered);
        result = back.restoredTaskDefinitionArn ? back : { ...back, cause: `${back.cause} ${failed.cause}` };
    }
    else
        result = await run.path.rollBack(failed, started, registered);
    run.record.rollout = result;
    run.record.rolledBackWithRelease = true;
    if (!own)
        run.record.stoppedMidRollout = true;
    run.record.finishedAt = clock.now();
    return result;
}
/** A service left deploying when another failed (no rollback-on-failure): where it is, and how to follow it. */
function leftDeployingLines(run, started, why) {
    const head = `Still deploying: this run stopped following deployment ${started.id} when ${why}; it goes on without the run (rollback-on-failure is false).`;
    if (started.codedeployDeploymentId)
        return [
            head,
            `Follow it: aws deploy get-deployment --deployment-id ${started.codedeployDeploymentId}`,
            `Stop it and roll back: aws deploy stop-deployment --deployment-id ${started.codedeployDeploymentId} --auto-rollback-enabled`
        ];
    const { cluster, service, previousArn } = run.record;
    return [head, ...(0,on_cancel/* leaveLines */.JT)({ cluster, service, previousTaskDefinitionArn: previousArn }, started).slice(1)];
}

// EXTERNAL MODULE: ./src/services/logger.ts
var services_logger = __webpack_require__(8914);
// EXTERNAL MODULE: ./src/services/shared-reads.ts
var shared_reads = __webpack_require__(5819);
;// CONCATENATED MODULE: ./src/services/release.ts
// Deploying every service of a release through its deployment path: the busy guard for all before any change, the
// updates in parallel or in the listed order, all rollouts followed together, and the failure policy.







/**
 * A deployment path per service, from the seam. With several services each logs with its name in front and all
 * share their DescribeServices looks (one call per cluster per look).
 */
function serviceRuns(plan, deps) {
    const several = plan.services.length > 1;
    const ecs = several ? (0,shared_reads/* withSharedReads */.Ve)(deps.ecs, (0,shared_reads/* sharedReads */.Fw)(deps.ecs, deps.clock)) : deps.ecs;
    return plan.services.map(service => {
        const { deployment, entry, target } = service;
        if (!deployment || !entry || !target)
            throw new errors/* EcsError */.YX('No service to update.'); // deploy mode reads each
        const logger = several ? (0,services_logger/* serviceLogger */.U)(deps.logger, entry.name) : deps.logger;
        const stopper = followStopper(deps.clock);
        return {
            plan: { ...service, deployment },
            path: createDeploymentPath(deployment.path, deployment.request, { ...deps, ecs, logger, clock: stopper.clock }, deployment.codedeploy),
            logger,
            stopper,
            record: {
                name: entry.name,
                cluster: entry.cluster,
                service: entry.service,
                family: service.taskDefinition.family,
                previousArn: target.service.taskDefinition
            }
        };
    });
}
/**
 * Before the first change: a busy service with on-busy fail blocks the whole release (every busy one named);
 * with on-busy wait, the run waits for each busy service (together) to be idle.
 */
async function waitForIdleServices(runs) {
    const refusals = runs.flatMap(r => busyRefusal(r.plan.deployment.request) ?? []);
    if (refusals.length > 1)
        throw new errors/* EcsError */.YX(`${refusals.length} services of the release are busy; nothing was changed:\n${refusals.map(r => `  - ${r}`).join('\n')}`);
    const busy = runs.filter(r => r.plan.deployment.busy.length > 0);
    await Promise.all(busy.map(r => r.path.waitForIdle()));
}
/**
 * Starts each service's deployment and follows it: parallel updates every service, then follows all together;
 * sequential updates one at a time, each after the one before completed, and stops at the first that fails. A
 * failed service is rolled back at once (rollback-on-failure); with rollback-scope all, so is every other service
 * this run updated, once the rollouts in flight have ended. Results land in each run's record.
 */
async function rollOut(runs, registered, options, stage, clock) {
    const several = runs.length > 1;
    const start = async (run, i) => {
        run.record.startedAt = clock.now();
        const started = (run.record.started = await run.path.start(registered[i]));
        if (started.alreadyServing)
            run.record.finishedAt = clock.now();
        return started;
    };
    const needsFollowing = (run) => options.follow && !run.record.started.alreadyServing;
    try {
        if (options.order === 'parallel' || !several) {
            await stage(several ? 'Update services' : 'Update service', async () => {
                for (const [i, run] of runs.entries())
                    await start(run, i);
            });
            const following = runs.filter(needsFollowing);
            if (following.length > 0)
                await stage('Rollout', () => followTogether(following, runs, registered, options, clock), results => several
                    ? following.map((r, i) => `${r.record.name} ${results[i]?.outcome ?? 'IN_PROGRESS'}`).join(', ')
                    : results[0]?.outcome);
        }
        else {
            for (const [i, run] of runs.entries()) {
                await stage(`Update service ${run.record.name}`, () => start(run, i));
                if (!needsFollowing(run))
                    continue;
                const [result] = await stage(`Rollout of ${run.record.name}`, () => followTogether([run], runs, registered, options, clock), r => r[0]?.outcome);
                if (!result?.ok)
                    break;
            }
        }
    }
    catch (error) {
        // An update ECS refused after others were made: those go back too, when the release asks for it.
        if (several && options.rollbackOnFailure && options.scope === 'all')
            await rollBackTheRest(runs, registered, `the release failed: ${error.message}`, stage, clock);
        throw error;
    }
    const failed = runs.filter(r => r.record.rollout && !r.record.rollout.ok);
    if (several && failed.length > 0 && options.rollbackOnFailure && options.scope === 'all')
        await rollBackTheRest(runs, registered, `${failed.map(r => r.record.name).join(', ')} failed`, stage, clock);
}
/**
 * Puts back every service this run updated that has not gone back yet: whose own rollout did not fail (the failed
 * ones went back already) and that was not rolled back with the release while the others were followed.
 */
async function rollBackTheRest(runs, registered, why, stage, clock) {
    const back = runs.filter(r => r.record.started &&
        !r.record.started.alreadyServing &&
        !r.record.rolledBackWithRelease &&
        (!r.record.rollout || r.record.rollout.ok));
    if (back.length === 0)
        return;
    await stage('Roll back with the release', () => Promise.all(back.map(run => rollBackWithRelease(run, registered[runs.indexOf(run)], why, clock))));
}
/** The service whose rollout failed first, in the listed order; undefined when none did. */
function firstFailure(runs) {
    return runs.find(r => r.record.rollout && !r.record.rollout.ok && !r.record.rolledBackWithRelease);
}
/** The error that fails a release of several services: the failed service's cause, and where each one ended. */
function releaseFailure(failed, runs) {
    const rollout = failed.record.rollout;
    const where = runs.map(r => {
        const state = r.record.rollout?.outcome ??
            (r.record.started?.alreadyServing
                ? 'COMPLETED'
                : r.record.leftDeploying
                    ? 'IN_PROGRESS'
                    : r.record.started
                        ? 'STARTED'
                        : 'NOT_UPDATED');
        const arn = r.record.rollout?.restoredTaskDefinitionArn ?? r.record.registered?.arn;
        const line = `${r.record.name}: ${state}${arn ? ` (${(0,aws_arn/* shortArn */.k)(arn)})` : ''}`;
        return [line, ...(r.record.leftDeploying ?? []).map(l => `  ${l}`)];
    });
    return new failure/* DeployFailed */.Nr(`${failed.record.name}: ${rollout.cause}`, (0,failure/* rolloutTitle */.eK)(rollout), [
        ...rollout.details,
        'Services of the release:',
        ...where.flat().map(w => `  ${w}`)
    ]);
}

;// CONCATENATED MODULE: ./src/deploy/register.ts
// Registering the planned task definition, unless the service already runs exactly this one.

async function registerTaskDefinition(planned, target, forceNewDeployment, ecs, logger) {
    for (const change of planned.changes)
        logger.info(`  ${change}`);
    const current = target.current;
    // force-new-deployment redeploys the same revision; registering an identical one would only add noise.
    if (planned.sameAsCurrent && current?.taskDefinitionArn) {
        logger.info(`The service already runs this task definition (${(0,aws_arn/* shortArn */.k)(current.taskDefinitionArn)}): no new revision` +
            (forceNewDeployment ? '; force-new-deployment starts a new deployment of it.' : '.'));
        return { arn: current.taskDefinitionArn, revision: current.revision, isNew: false };
    }
    const td = await ecs.registerTaskDefinition({
        ...planned.rendered,
        ...(planned.tags.length > 0 ? { tags: planned.tags } : {})
    });
    logger.info(`Registered ${(0,aws_arn/* shortArn */.k)(td.taskDefinitionArn)}`);
    return { arn: td.taskDefinitionArn, revision: td.revision, isNew: true };
}

// EXTERNAL MODULE: ./src/plan.ts + 10 modules
var plan = __webpack_require__(6732);
// EXTERNAL MODULE: ./src/settings/index.ts + 8 modules
var settings = __webpack_require__(2966);
// EXTERNAL MODULE: ./src/taskdef/index.ts + 5 modules
var taskdef = __webpack_require__(6870);
;// CONCATENATED MODULE: ./src/stages/register.ts




/**
 * Each service's task definition, rendered again only when the pushed digest changed the image, written to the
 * runner's temp directory and registered (unless the service already runs it).
 */
async function registerServices(runs, imageUri, record, deps, ecs) {
    const planned = runs.map(({ plan: s }) => imageUri === s.taskDefinition.imageUri
        ? s.taskDefinition
        : (0,plan/* planTaskDefinition */.I)(s.loaded, s.settings, imageUri, s.target, s.loadedChanges));
    const registered = [];
    for (const [i, run] of runs.entries()) {
        const one = planned[i];
        const path = (0,taskdef/* writeRenderedTaskDefinition */.N4)(one.rendered, (0,settings/* runnerTemp */.X5)(deps.env));
        if (i === 0)
            [record.renderedPath, record.changes] = [path, one.changes];
        const { target, settings: own } = run.plan;
        run.record.registered = await registerTaskDefinition(one, target, own.forceNewDeployment, ecs, run.logger);
        registered.push(run.record.registered);
    }
    return { planned, registered };
}

// EXTERNAL MODULE: ./src/report/record.ts
var report_record = __webpack_require__(1117);
;// CONCATENATED MODULE: ./src/stages/roll-out.ts


/** Rolls every service out and records the first service's (or the failed one's) rollout; throws on a failure. */
async function rollOutServices(runs, registered, settings, stage, clock, record) {
    const first = runs[0];
    try {
        await rollOut(runs, registered, rollOutOptions(settings), stage, clock);
    }
    finally {
        record.started = first.record.started;
        record.rollout = (firstFailure(runs) ?? first).record.rollout;
    }
    const failed = firstFailure(runs);
    if (failed)
        throw runs.length > 1 ? releaseFailure(failed, runs) : (0,report_record/* rolloutFailure */.gp)(failed.record.rollout);
}
function rollOutOptions(settings) {
    return {
        order: settings.servicesOrder,
        follow: settings.waitForServiceStability,
        rollbackOnFailure: settings.rollbackOnFailure,
        scope: settings.rollbackScope
    };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/run-task/logs.ts
var run_task_logs = __webpack_require__(5362);
;// CONCATENATED MODULE: ./src/run-task/verdict.ts
/** Stop reasons of a task that never got to run its command. */
const START_FAILURES = /^(CannotPullContainerError|ResourceInitializationError|CannotStartContainerError|CannotCreateContainerError|CannotInspectContainerError|SpotInterruption|OutOfMemoryError|InternalError|TaskFailedToStart)/;
/**
 * The verdict of a STOPPED task. `essential` names the task definition's essential containers (all of them when
 * the definition says nothing); `container` is the one that ran the command; `timedOut` says the action stopped it.
 */
function taskVerdict(task, essential, container, timedOut = false, timeoutMinutes) {
    const containers = task.containers ?? [];
    const commandContainer = containers.find(c => c.name === container);
    const exitCode = commandContainer?.exitCode;
    const stopped = task.stoppedReason ?? '';
    const withExit = { ...(exitCode !== undefined ? { exitCode } : {}) };
    if (timedOut)
        return {
            ok: false,
            reason: `The task ran past run-task-timeout-minutes (${timeoutMinutes ?? '?'}) and was stopped.`,
            ...withExit,
            neverStarted: false
        };
    const neverStarted = task.stopCode === 'TaskFailedToStart' || START_FAILURES.test(stopped) || task.startedAt === undefined;
    if (neverStarted && containers.every(c => c.exitCode === undefined)) {
        const why = stopped || containers.map(c => c.reason).find(r => r) || 'the task stopped before it started';
        return { ok: false, reason: `The task failed to start: ${why}`, neverStarted: true };
    }
    if (task.stopCode === 'UserInitiated')
        return {
            ok: false,
            reason: `The task was stopped before it finished: ${stopped || 'stopped by a user'}`,
            ...withExit,
            neverStarted: false
        };
    for (const name of essential.length > 0 ? essential : containers.map(c => c.name ?? '')) {
        const c = containers.find(x => x.name === name);
        if (c?.exitCode === 0)
            continue;
        const because = c?.reason ? ` (${c.reason})` : stopped ? ` (${stopped})` : '';
        const what = c?.exitCode === undefined
            ? `Container ${name} did not exit normally${because || ' (no exit code)'}`
            : `Container ${name} exited with code ${c.exitCode}${c.reason ? ` (${c.reason})` : ''}`;
        return { ok: false, reason: `${what}.`, ...withExit, neverStarted: false };
    }
    return { ok: true, exitCode: exitCode ?? 0 };
}
/** RunTask answered no task, only failures[] (no capacity, no container instance, ...). */
function placementVerdict(failures) {
    const text = failures
        .map(f => [f.reason, f.detail].filter(Boolean).join(': ') + (f.arn ? ` (${f.arn})` : ''))
        .join('; ');
    return {
        ok: false,
        reason: `ECS could not place the task: ${text || 'RunTask returned no task and no failure'}.`,
        neverStarted: true
    };
}

;// CONCATENATED MODULE: ./src/run-task/follow.ts




/** After StopTask, how long to wait for STOPPED before giving the verdict anyway. */
const STOP_GRACE_MS = 120_000;
/** Pages read in one look at most, so a chatty task cannot starve the status polls. */
const MAX_PAGES_PER_LOOK = 10;
/** Milliseconds to the next look: like the rollout's cadence, fast at first and when something moves. */
function nextLookMs(elapsedMs, moving) {
    if (elapsedMs < cadence/* FAST_PHASE_MS */.WI)
        return cadence/* FAST_MS */.yc;
    return moving ? cadence/* MOVING_MS */.sF : cadence/* IDLE_MS */.GS;
}
async function runOneOffTask(req, deps) {
    const { ecs, logger } = deps;
    const answer = await ecs.runTask(req.request);
    const arn = answer.task?.taskArn;
    if (!arn)
        return { verdict: placementVerdict(answer.failures), lastLines: [], timedOut: false };
    const taskId = arn.slice(arn.lastIndexOf('/') + 1);
    logger.info(`Started task ${taskId} (${req.request.taskDefinition?.split('/').pop() ?? ''})`);
    const stream = req.logStreamFor(taskId);
    if (stream)
        logger.info(`Following ${stream.group}/${stream.stream}`);
    else
        logger.info(`Container ${req.container} has no awslogs stream to follow; only its state is shown.`);
    try {
        return await followTask(req, deps, arn, taskId, stream);
    }
    catch (e) {
        // Cancelled: the task must not go on migrating a database nobody watches, whatever on-cancel says.
        if ((0,cancel/* isCancelled */.mm)(e))
            e.done.push(await stopOnCancel(ecs, req.cluster, arn, taskId, logger));
        throw e;
    }
}
/** The reason StopTask records when the workflow run is cancelled. */
const CANCEL_STOP_REASON = 'release-to-ecs: the workflow run was cancelled';
async function stopOnCancel(ecs, cluster, arn, taskId, logger) {
    try {
        await ecs.stopTask(cluster, arn, CANCEL_STOP_REASON);
        const line = `Stopped one-off task ${taskId} (StopTask: "${CANCEL_STOP_REASON}")`;
        logger.info(line);
        return line;
    }
    catch (e) {
        const line = `Could not stop one-off task ${taskId}: ${e.message}; stop it in the console.`;
        logger.warning(line, { title: 'Task not stopped' });
        return line;
    }
}
async function followTask(req, deps, arn, taskId, stream) {
    const { ecs, logs, clock, logger } = deps;
    const started = clock.now();
    const deadline = started + req.timeoutMinutes * 60_000;
    let logState = (0,run_task_logs/* startLogFollow */.Wr)();
    let logsReadable = stream !== undefined;
    let lastStatus;
    let stopRequestedAt;
    // Every new line of the stream, each once, in order; false when nothing arrived.
    const readLogs = async () => {
        if (!stream || !logsReadable)
            return false;
        let arrived = false;
        for (let page = 0; page < MAX_PAGES_PER_LOOK; page++) {
            let got;
            try {
                got = await logs.readForward(stream.region, stream.group, stream.stream, logState.token);
            }
            catch (e) {
                logsReadable = false;
                logger.warning(`Cannot follow the task's log: ${e.message}`, { title: 'Task log' });
                return arrived;
            }
            const next = (0,run_task_logs/* afterLogPage */.eT)(logState, got);
            logState = next.state;
            for (const line of got.lines)
                logger.info(`${req.container} | ${line}`);
            arrived ||= got.lines.length > 0;
            if (!next.more)
                break;
        }
        return arrived;
    };
    for (;;) {
        const task = (await ecs.describeTasks(req.cluster, [arn]))[0];
        const status = task?.lastStatus;
        const changed = status !== lastStatus;
        // Lines written up to this look come before the state it shows.
        const arrived = await readLogs();
        if (task && status === 'STOPPED')
            await readLogs(); // lines flushed as the container stopped
        if (changed && status)
            logger.info(`Task ${taskId} ${status}`);
        lastStatus = status;
        if (task && status === 'STOPPED') {
            const timedOut = stopRequestedAt !== undefined;
            return {
                verdict: taskVerdict(task, req.essential, req.container, timedOut, req.timeoutMinutes),
                taskArn: arn,
                lastLines: logState.last,
                timedOut
            };
        }
        const now = clock.now();
        if (stopRequestedAt === undefined && now >= deadline) {
            const reason = `release-to-ecs: run-task-timeout-minutes (${req.timeoutMinutes}) reached`;
            logger.info(`Stopping task ${taskId}: ${reason}`);
            await ecs.stopTask(req.cluster, arn, reason);
            stopRequestedAt = now;
        }
        else if (stopRequestedAt !== undefined && now - stopRequestedAt >= STOP_GRACE_MS) {
            const verdict = taskVerdict(task ?? {}, req.essential, req.container, true, req.timeoutMinutes);
            return { verdict, taskArn: arn, lastLines: logState.last, timedOut: true };
        }
        await clock.sleep(nextLookMs(now - started, changed || arrived));
    }
}
/** The failure's message: the reason, the exit code and the last log lines. Pure. */
function oneOffFailureText(result) {
    const { verdict } = result;
    if (verdict.ok)
        return { cause: '', details: [] };
    const code = verdict.exitCode;
    const exit = code !== undefined && !verdict.reason.includes(`code ${code}`) ? ` Exit code ${code}.` : '';
    const cause = `Run task failed, so no service was updated: ${verdict.reason}${exit}`;
    const details = result.lastLines.length > 0
        ? [`Last ${result.lastLines.length} log lines of the task:`, ...result.lastLines.map(l => `  ${l}`)]
        : [];
    return { cause, details };
}

// EXTERNAL MODULE: ./src/run-task/plan.ts
var run_task_plan = __webpack_require__(6994);
// EXTERNAL MODULE: ./src/run-task/request.ts
var request = __webpack_require__(2544);
;// CONCATENATED MODULE: ./src/run-task/stage.ts








async function runTaskBeforeUpdate(input, deps) {
    const { logger, ecs } = deps;
    let rendered = input.registered.rendered;
    let arn = input.registered.arn;
    if (input.own) {
        rendered = (0,taskdef/* renderTaskDefinition */.P9)(input.own.definition, {
            containerName: input.ownImageContainer,
            image: input.imageUri
        });
        const td = await ecs.registerTaskDefinition({
            ...rendered,
            ...(input.own.tags.length > 0 ? { tags: input.own.tags } : {})
        });
        arn = td.taskDefinitionArn ?? arn;
        logger.info(`Registered ${(0,aws_arn/* shortArn */.k)(arn)} for the task`);
    }
    const planned = (0,run_task_plan/* planRunTask */.O9)({
        settings: input.settings,
        rendered,
        ownTaskDefinition: input.own !== undefined,
        imageUri: input.imageUri,
        cluster: input.cluster,
        service: input.service,
        startedBy: (0,request/* startedByFor */.Of)(input.release.ref, input.release.shortSha),
        taskDefinitionArn: arn,
        clientToken: (0,external_node_crypto_.randomUUID)()
    });
    logger.info(`Running ${input.settings.command.join(' ')} on container ${planned.container} of ${(0,aws_arn/* shortArn */.k)(arn)} (startedBy ${planned.request.startedBy})`);
    return runOneOffTask({
        request: planned.request,
        cluster: input.cluster,
        container: planned.container,
        essential: planned.essential,
        timeoutMinutes: planned.timeoutMinutes,
        logStreamFor: taskId => (0,run_task_logs/* logStreamOf */.aM)(rendered, planned.container, taskId)
    }, deps);
}
/** A one-off task that did not pass the gate, as the error that fails the run. */
function runTaskFailure(result) {
    const { cause, details } = oneOffFailureText(result);
    return new failure/* DeployFailed */.Nr([cause, ...details].join('\n'), result.timedOut ? 'Run task timed out' : 'Run task failed', []);
}

;// CONCATENATED MODULE: ./src/stages/run-task.ts

/**
 * The one-off task (migrations) gates the update: a task that fails leaves every service as it was. It runs the
 * first service's task definition (or its own) on the first service's network. Nothing to do without run-task-command.
 */
async function runTaskStage(given, aws, deps, stage, record) {
    const { settings, inputs, runs, planned, registered, imageUri } = given;
    const runTask = settings.runTask;
    const first = runs[0];
    if (!runTask || !record.release)
        return;
    const release = record.release;
    const task = { arn: registered[0].arn, rendered: planned[0].rendered, imageUri, release };
    const oneOff = (record.runTask = await stage('Run task', () => run_task_runOneOffTask(settings, runTask, first.plan.target, inputs, task, { ...aws.apis, ...deps })));
    if (!oneOff.verdict.ok)
        throw runTaskFailure(oneOff);
}
/** The one-off task (run-task-command) on the registered task definition, followed to its end. */
function run_task_runOneOffTask(settings, runTask, target, inputs, task, deps) {
    const { arn, rendered, imageUri, release } = task;
    return runTaskBeforeUpdate({
        settings: runTask,
        cluster: settings.cluster,
        service: target.service,
        own: inputs.runTaskDefinition,
        ownImageContainer: runTask.container,
        release,
        imageUri,
        registered: { arn, rendered }
    }, deps);
}

// EXTERNAL MODULE: ./src/services/settings.ts
var services_settings = __webpack_require__(4183);
;// CONCATENATED MODULE: ./src/stages/verify.ts


/** The pre-flight check of every service, each finding naming its entry when there are several. */
async function verifyServices(runs, plan, settings, aws, imageEcr) {
    const several = runs.length > 1;
    for (const run of runs)
        await (0,services_settings/* forEntry */.Q7)(several ? run.plan.entry : undefined, () => verify(run.plan, plan, settings, aws, imageEcr, run.logger));
}
/** The pre-flight check of the plan: what ECS would find minutes later (platform, load balancers, references). */
function verify(plan, release, settings, aws, imageEcr, logger) {
    return preflight({
        level: settings.verify,
        rendered: plan.taskDefinition.rendered,
        source: release.source,
        existing: release.existing,
        imageUri: plan.taskDefinition.imageUri,
        service: plan.target.service,
        account: aws.identity?.account,
        platformInput: settings.platform,
        machineArch: process.arch
    }, { ecr: imageEcr, lookups: aws.apis.lookups, logger });
}

;// CONCATENATED MODULE: ./src/stages/deploy.ts
// The stages of a run that deploys, after the plan: one chunk of their own in dist/, loaded by run() while AWS
// answers its reads, so a dry run or a run that fails its checks never loads the deployment paths and watchers.









/***/ })

};
