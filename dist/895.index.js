export const id = 895;
export const ids = [895,610];
export const modules = {

/***/ 2944:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Gg: () => (/* binding */ busyDeployments),
/* harmony export */   KE: () => (/* binding */ ownDeployment),
/* harmony export */   XM: () => (/* binding */ newDeploymentId),
/* harmony export */   Y: () => (/* binding */ isDeploymentDone),
/* harmony export */   YR: () => (/* binding */ isOwnAttempt),
/* harmony export */   kT: () => (/* binding */ earlierAttempt),
/* harmony export */   ti: () => (/* binding */ alreadyServing)
/* harmony export */ });
/* unused harmony export primaryDeployment */
function primaryDeployment(service) {
    return service?.deployments?.find(d => d.status === 'PRIMARY');
}
/** The task definition the service runs uses this image: a rollout of it is an earlier attempt of this run. */
function isOwnAttempt(current, image) {
    return (current?.containerDefinitions ?? []).some(c => c.image === image);
}
/** The deployment of an earlier attempt of this run, if one is the service's PRIMARY. */
function ownDeployment(service, ownAttempt) {
    const primary = primaryDeployment(service);
    return ownAttempt && primary?.taskDefinition === service.taskDefinition ? primary : undefined;
}
/**
 * Deployments still rolling out, but `ownDeploymentId` (an earlier attempt of this run, which it follows).
 * Without rollout states, a PRIMARY not yet alone at full count counts as busy.
 */
function busyDeployments(service, ownDeploymentId) {
    const all = service?.deployments ?? [];
    return all.filter(d => {
        if (ownDeploymentId !== undefined && d.id === ownDeploymentId)
            return false;
        if (d.rolloutState)
            return d.rolloutState === 'IN_PROGRESS';
        return d.status === 'PRIMARY' && (all.length > 1 || (d.runningCount ?? 0) !== (d.desiredCount ?? 0));
    });
}
/** This deployment is done: the PRIMARY, COMPLETED (or, without rollout states, alone at full count). */
function isDeploymentDone(d, all) {
    if (d.status !== 'PRIMARY')
        return false;
    if (d.rolloutState)
        return d.rolloutState === 'COMPLETED';
    // Services without rollout states: the SDK waiter's notion, applied to the right deployment.
    return all.length === 1 && (d.runningCount ?? 0) === (d.desiredCount ?? 0) && (d.pendingCount ?? 0) === 0;
}
/** The service's finished PRIMARY deployment already runs this task definition: nothing to deploy. */
function alreadyServing(service, taskDefinitionArn) {
    const primary = primaryDeployment(service);
    return primary?.taskDefinition === taskDefinitionArn && isDeploymentDone(primary, service.deployments ?? []);
}
/** The deployment an UpdateService created: the PRIMARY one on our task definition, newest first. */
function newDeploymentId(service, taskDefinitionArn) {
    const ours = (service.deployments ?? [])
        .filter(d => d.status === 'PRIMARY' && d.taskDefinition === taskDefinitionArn)
        .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0));
    return ours[0]?.id;
}
/**
 * A re-run: this run starts no new deployment (the task definition is not new, and neither force-new-deployment nor
 * desired-count asks for one) and the service's PRIMARY already has it. That deployment, to follow or be done with.
 */
function earlierAttempt(service, registered, asked) {
    const primary = primaryDeployment(service);
    const redeploy = !registered.isNew && !asked.forceNewDeployment && asked.desiredCount === undefined;
    return redeploy && primary?.taskDefinition === registered.arn ? primary : undefined;
}


/***/ }),

/***/ 8503:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Jt: () => (/* binding */ eventsEvery),
/* harmony export */   Vv: () => (/* binding */ waitPace),
/* harmony export */   rM: () => (/* binding */ isQuiet)
/* harmony export */ });
/* unused harmony exports ATTENTIVE_FOR_MS, ATTENTIVE_MS, QUIET_MS, EVENTS_EVERY_MS, QUIET_EVENTS_MS */
// Attention follows change: how often the staged (ECS) and CodeDeploy watches look during a wait. For the two
// minutes after the deployment last changed (traffic moved, a stage or a hook began: when an alarm fires or a hook
// answers) a look every 0.75 s, so a verdict comes within a second; after that one every 3 s (an alarm deep in a
// long bake is seen within 3 s), which keeps a long deployment under one status call per 2 s on average. Pure.
const ATTENTIVE_FOR_MS = 120_000;
const ATTENTIVE_MS = 750;
const QUIET_MS = 3_000;
/** DescribeServices (the service's events) when nothing changed: this often, and less often once quiet. */
const EVENTS_EVERY_MS = 15_000;
const QUIET_EVENTS_MS = 60_000;
/** Long past the last change. */
function isQuiet(sinceChangeMs) {
    return sinceChangeMs >= ATTENTIVE_FOR_MS;
}
/** Milliseconds between looks in a wait, away from any known end. */
function waitPace(sinceChangeMs) {
    return isQuiet(sinceChangeMs) ? QUIET_MS : ATTENTIVE_MS;
}
/** Milliseconds between reads of the service's events when nothing changed. */
function eventsEvery(quiet) {
    return quiet ? QUIET_EVENTS_MS : EVENTS_EVERY_MS;
}


/***/ }),

/***/ 8042:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GS: () => (/* binding */ IDLE_MS),
/* harmony export */   Jc: () => (/* binding */ LIST_STOPPED_MIN_MS),
/* harmony export */   U2: () => (/* binding */ pollHints),
/* harmony export */   WI: () => (/* binding */ FAST_PHASE_MS),
/* harmony export */   no: () => (/* binding */ shouldListStoppedTasks),
/* harmony export */   qC: () => (/* binding */ nextPollDelay),
/* harmony export */   r3: () => (/* binding */ isRetryable),
/* harmony export */   sF: () => (/* binding */ MOVING_MS),
/* harmony export */   yc: () => (/* binding */ FAST_MS)
/* harmony export */ });
/* unused harmony exports BUDGET_MS_PER_CALL, BUDGET_BURST, MAX_BACKOFF_MS, END_LEAD_MS, DUE_MS, LIST_STOPPED_SAFETY_MS */
/* harmony import */ var _progress_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9778);

const FAST_PHASE_MS = 20_000;
const FAST_MS = 1_000;
const MOVING_MS = 1_500;
const IDLE_MS = 3_000;
/** Long-run budget: at most one call per 2.4 s plus a burst, so a long rollout averages well over 2 s per call. */
const BUDGET_MS_PER_CALL = 2_400;
const BUDGET_BURST = 20;
const MAX_BACKOFF_MS = 20_000;
/** With a drain forecast: start looking closely this long before the earliest possible end... */
const END_LEAD_MS = 1_500;
/** ...and this often once it is due: a look within a second of the end even with a slow answer. */
const DUE_MS = 750;
/** Milliseconds to wait before the next DescribeServices call. */
function nextPollDelay(input) {
    if (input.throttled > 0) {
        // Exponential backoff with "equal jitter": half fixed, half random.
        const base = Math.min(MAX_BACKOFF_MS, 2_000 * 2 ** (input.throttled - 1));
        return Math.round(base / 2 + (input.random * base) / 2);
    }
    const pace = input.moving ? MOVING_MS : IDLE_MS;
    const wanted = forecastDelay(input, pace) ?? (endIsNear(input) ? FAST_MS : pace);
    // Earliest time the budget allows the next call; only ever slows us down, never past IDLE_MS.
    const budgetAt = (input.polls + 1 - BUDGET_BURST) * BUDGET_MS_PER_CALL - input.elapsedMs;
    return Math.min(IDLE_MS, Math.max(wanted, budgetAt));
}
/**
 * With a drain forecast (and no failing tasks): the usual pace until just before the earliest end, then every
 * DUE_MS once all new tasks run. Undefined where the forecast says nothing (no forecast, or new tasks still
 * starting when the end could come).
 */
function forecastDelay(input, pace) {
    const untilEnd = input.failing ? undefined : input.untilEarliestEndMs;
    if (untilEnd === undefined)
        return undefined;
    if (untilEnd - END_LEAD_MS > DUE_MS)
        return Math.min(pace, untilEnd - END_LEAD_MS);
    return input.nearDone ? DUE_MS : undefined;
}
/** Early on (a bad image fails within seconds) and once the deployment looks about to finish, look every second. */
function endIsNear(input) {
    return input.elapsedMs < FAST_PHASE_MS || input.nearDone;
}
/** The hints nextPollDelay needs, from two consecutive looks at the followed deployment. */
function pollHints(previous, current, freshEvents, 
/** Running tasks of the other (old) deployments. */
oldRunning, 
/** The service's earlySuccessCriteria: done with fewer new tasks, and (DEFERRED) before the old ones are gone. */
early) {
    const key = (d) => d ? [d.rolloutState, d.runningCount, d.pendingCount, d.failedTasks, d.desiredCount].join('/') : '';
    const moving = freshEvents > 0 || key(previous) !== key(current);
    if (!current)
        return { moving, nearDone: true, failing: true };
    // Failed tasks announce a FAILED verdict. COMPLETED needs all new tasks running and every old task stopped, so it
    // is near once no old task runs any more: they are stopping or draining (a drain forecast then says how long).
    if (current.rolloutState === 'FAILED' || (current.failedTasks ?? 0) > 0)
        return { moving, nearDone: true, failing: true };
    const running = current.runningCount ?? 0;
    const allRunning = running === (current.desiredCount ?? 0) && (current.pendingCount ?? 0) === 0;
    const earlyDone = !!early && running >= early.healthyTasks && (early.deferredCleanup || oldRunning === 0);
    return { moving, nearDone: (allRunning && oldRunning === 0) || earlyDone, failing: false };
}
/**
 * An event that may mean a task of ours stopped. "has stopped N running tasks: (task ...)" names the tasks: when
 * none of them was started since the followed deployment began, they are old ones stopping as planned.
 */
function hintsAtStoppedTask(message, startedTaskIds) {
    if (!/stopped|failed|unhealthy|health check/i.test(message))
        return false;
    if (!(0,_progress_js__WEBPACK_IMPORTED_MODULE_0__/* .saysTasksStopped */ .Yw)(message))
        return true;
    const ids = (0,_progress_js__WEBPACK_IMPORTED_MODULE_0__/* .taskIdsIn */ .x_)(message);
    return ids.length === 0 || ids.some(id => startedTaskIds.has(id));
}
/** Errors worth waiting out: throttling, ECS server faults, timeouts and dropped connections. */
function isRetryable(error) {
    for (let e = error, depth = 0; e && depth < 3; depth++) {
        const { name, code, $metadata } = e;
        const label = `${typeof name === 'string' ? name : ''} ${typeof code === 'string' ? code : ''}`;
        if (/Throttl|TooManyRequests|RequestLimitExceeded|ServerException|ServiceUnavailable|InternalFailure|TimeoutError|ECONNRESET|ETIMEDOUT|EAI_AGAIN/.test(label))
            return true;
        if (($metadata?.httpStatusCode ?? 0) >= 500)
            return true;
        e = e.cause;
    }
    return false;
}
/** Least time between two ListTasks calls for stopped tasks. */
const LIST_STOPPED_MIN_MS = 5_000;
/** While tasks are still missing, look for stopped ones at least this often even without a hint. */
const LIST_STOPPED_SAFETY_MS = 30_000;
/**
 * Whether to ask ECS for stopped tasks of the followed deployment now: only on a hint that one stopped
 * (failed count up, counts dropping, a "stopped"/"failed"/health event not only about old tasks), and never more
 * often than every 5 s.
 */
function shouldListStoppedTasks(previous, current, freshMessages, msSinceLastList, undescribedTasks, 
/** Tasks the service's "has started" events named since the followed deployment began. */
startedTaskIds) {
    if (!current || msSinceLastList < LIST_STOPPED_MIN_MS)
        return false;
    if (undescribedTasks)
        return true;
    if ((current.failedTasks ?? 0) > (previous?.failedTasks ?? 0))
        return true;
    const running = current.runningCount ?? 0;
    const pending = current.pendingCount ?? 0;
    if (previous &&
        (running < (previous.runningCount ?? 0) ||
            (pending < (previous.pendingCount ?? 0) && running <= (previous.runningCount ?? 0))))
        return true;
    if (freshMessages.some(m => hintsAtStoppedTask(m, startedTaskIds)))
        return true;
    const short = running < (current.desiredCount ?? 0);
    return short && current.rolloutState !== 'COMPLETED' && msSinceLastList >= LIST_STOPPED_SAFETY_MS;
}


/***/ }),

/***/ 1091:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Df: () => (/* binding */ updateForecast),
/* harmony export */   PQ: () => (/* binding */ targetGroupArns),
/* harmony export */   Tv: () => (/* binding */ earliestEnd),
/* harmony export */   q6: () => (/* binding */ oldRunningCount)
/* harmony export */ });
/** The target groups the service's tasks are registered in (its loadBalancers). */
function targetGroupArns(service) {
    const arns = (service?.loadBalancers ?? []).map(lb => lb.targetGroupArn);
    return [...new Set(arns.filter((arn) => arn !== undefined))];
}
/**
 * Updates the forecast with one look at the service. Tasks that left RUNNING between the previous look (at
 * `previousLookAt`) and this one began draining no earlier than `previousLookAt`; that bound uses only our own
 * clock, so a skewed AWS clock cannot make the forecast late. ELB may end a drain sooner (a target without
 * connections is deregistered at once): when ECS says it stopped tasks (`tasksStopped`, from its "has stopped N
 * running tasks" event), the drain is over and the end may come any moment.
 */
function updateForecast(forecast, deployments, followedId, previousLookAt, delayMs, tasksStopped) {
    const oldRunning = oldRunningCount(deployments, followedId);
    const startedDraining = forecast.oldRunning !== undefined && oldRunning < forecast.oldRunning;
    const drainedBy = tasksStopped
        ? undefined
        : startedDraining
            ? Math.max(forecast.drainedBy ?? 0, previousLookAt + delayMs)
            : forecast.drainedBy;
    return { oldRunning, ...(drainedBy !== undefined ? { drainedBy } : {}) };
}
/**
 * The earliest local time the followed deployment can complete, or undefined when it may complete any moment
 * (no old deployment left, or old tasks whose draining began before we first looked).
 */
function earliestEnd(forecast, deployments, followedId, now, delayMs) {
    if (oldDeployments(deployments, followedId).length === 0)
        return undefined;
    // A task still RUNNING has not begun its drain: it cannot stop before a whole delay from now.
    if ((forecast.oldRunning ?? 0) > 0)
        return now + delayMs;
    return forecast.drainedBy !== undefined && forecast.drainedBy > now ? forecast.drainedBy : undefined;
}
/** Tasks of the deployments other than the followed one that still run (not draining, not stopping). */
function oldRunningCount(deployments, followedId) {
    return oldDeployments(deployments, followedId).reduce((n, d) => n + (d.runningCount ?? 0), 0);
}
function oldDeployments(deployments, followedId) {
    return (deployments ?? []).filter(d => d.id !== followedId);
}


/***/ }),

/***/ 6790:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   SD: () => (/* binding */ summarizeStoppedTask),
/* harmony export */   U: () => (/* binding */ logLocation),
/* harmony export */   dq: () => (/* binding */ LOG_LINES),
/* harmony export */   fd: () => (/* binding */ stoppedTaskReport),
/* harmony export */   lM: () => (/* binding */ isHealthCheckFailure),
/* harmony export */   o_: () => (/* binding */ formatStoppedTask),
/* harmony export */   zb: () => (/* binding */ explainStoppedTasks)
/* harmony export */ });
/* harmony import */ var _progress_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9778);

const LOG_LINES = 20;
function stoppedTaskReport(task) {
    return {
        taskArn: task.taskArn ?? 'unknown task',
        taskDefinitionArn: task.taskDefinitionArn,
        stoppedReason: task.stoppedReason,
        stoppedAt: task.stoppedAt,
        containers: (task.containers ?? []).map(c => ({
            name: c.name ?? 'unnamed',
            ...(c.exitCode !== undefined ? { exitCode: c.exitCode } : {}),
            ...(c.reason ? { reason: c.reason } : {})
        }))
    };
}
/** Where awslogs wrote a container's output: stream `<prefix>/<container>/<task id>`; undefined without awslogs or a prefix. */
function logLocation(taskDefinition, containerName, taskArn) {
    const container = taskDefinition?.containerDefinitions?.find(c => c.name === containerName);
    const config = container?.logConfiguration;
    if (config?.logDriver !== 'awslogs')
        return undefined;
    const group = config.options?.['awslogs-group'];
    const prefix = config.options?.['awslogs-stream-prefix'];
    if (!group || !prefix)
        return undefined;
    return {
        region: config.options?.['awslogs-region'],
        group,
        stream: `${prefix}/${containerName}/${(0,_progress_js__WEBPACK_IMPORTED_MODULE_0__/* .taskId */ .BS)(taskArn)}`
    };
}
function isHealthCheckFailure(text) {
    return !!text && /health ?checks?|unhealthy/i.test(text);
}
const ESSENTIAL_EXIT = /Essential container in task exited/i;
/** The one-line reason tasks of a task definition stopped, from the most recent stopped task. */
function explainStoppedTasks(reports, taskDefinitionArn, taskDefinition) {
    const latest = [...reports]
        .sort((a, b) => (a.stoppedAt?.getTime() ?? 0) - (b.stoppedAt?.getTime() ?? 0))
        .at(-1);
    if (!latest)
        return undefined;
    const label = (0,_progress_js__WEBPACK_IMPORTED_MODULE_0__/* .taskDefinitionLabel */ .$7)(taskDefinitionArn);
    const reason = latest.stoppedReason;
    if (isHealthCheckFailure(reason))
        return `Tasks of ${label} failed health checks: ${reason}`;
    const essential = (name) => taskDefinition?.containerDefinitions?.find(c => c.name === name)?.essential !== false;
    const exited = latest.containers.filter(c => c.exitCode !== undefined && c.exitCode !== 0);
    const culprit = exited.find(c => essential(c.name)) ?? exited[0];
    if (culprit)
        return (`${essential(culprit.name) ? 'Essential container' : 'Container'} "${culprit.name}" of ${label} exited with code ${culprit.exitCode}` +
            (culprit.reason ? `: ${culprit.reason}` : ''));
    if (reason && !ESSENTIAL_EXIT.test(reason) && latest.containers.every(c => c.exitCode === undefined))
        return `Tasks of ${label} failed to start: ${reason}`;
    const containerReason = latest.containers.find(c => c.reason)?.reason;
    return `Tasks of ${label} stopped: ${reason ?? 'ECS gave no reason'}${containerReason ? ` (${containerReason})` : ''}`;
}
/** A stopped task as log lines: its reason, each container's exit code and reason, and its log tail. */
function formatStoppedTask(report) {
    const when = report.stoppedAt ? ` at ${(0,_progress_js__WEBPACK_IMPORTED_MODULE_0__/* .clockTime */ .qo)(report.stoppedAt)}` : '';
    const lines = [
        `Task ${(0,_progress_js__WEBPACK_IMPORTED_MODULE_0__/* .taskId */ .BS)(report.taskArn)} (${(0,_progress_js__WEBPACK_IMPORTED_MODULE_0__/* .taskDefinitionLabel */ .$7)(report.taskDefinitionArn)}) stopped${when}: ${report.stoppedReason ?? 'no reason given'}`
    ];
    for (const c of report.containers) {
        const exit = c.exitCode !== undefined ? `exit code ${c.exitCode}` : 'no exit code';
        lines.push(`  container ${c.name}: ${exit}${c.reason ? `, ${c.reason}` : ''}`);
        if (c.logTail && c.logTail.length > 0) {
            lines.push(`    last ${c.logTail.length} log lines:`);
            for (const line of c.logTail)
                lines.push(`    | ${line}`);
        }
        else if (c.logNote)
            lines.push(`    (${c.logNote})`);
    }
    return lines;
}
/** A stopped task in one line, for the many that follow the first few. */
function summarizeStoppedTask(report) {
    const when = report.stoppedAt ? ` at ${(0,_progress_js__WEBPACK_IMPORTED_MODULE_0__/* .clockTime */ .qo)(report.stoppedAt)}` : '';
    const exits = report.containers
        .filter(c => c.exitCode !== undefined)
        .map(c => `${c.name} exit ${c.exitCode}`);
    return (`Task ${(0,_progress_js__WEBPACK_IMPORTED_MODULE_0__/* .taskId */ .BS)(report.taskArn)} (${(0,_progress_js__WEBPACK_IMPORTED_MODULE_0__/* .taskDefinitionLabel */ .$7)(report.taskDefinitionArn)}) stopped${when}: ` +
        `${report.stoppedReason ?? 'no reason given'}${exits.length > 0 ? ` (${exits.join(', ')})` : ''}`);
}


/***/ }),

/***/ 9778:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $7: () => (/* binding */ taskDefinitionLabel),
/* harmony export */   BS: () => (/* binding */ taskId),
/* harmony export */   DY: () => (/* binding */ deploymentState),
/* harmony export */   M0: () => (/* binding */ freshEvents),
/* harmony export */   Mk: () => (/* binding */ eventKey),
/* harmony export */   Ww: () => (/* binding */ startedTaskIdsIn),
/* harmony export */   Yw: () => (/* binding */ saysTasksStopped),
/* harmony export */   kj: () => (/* binding */ eventsMayBeMissing),
/* harmony export */   oz: () => (/* binding */ progressLine),
/* harmony export */   qF: () => (/* binding */ formatEvent),
/* harmony export */   qo: () => (/* binding */ clockTime),
/* harmony export */   x_: () => (/* binding */ taskIdsIn)
/* harmony export */ });
/* harmony import */ var _aws_arn_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1626);
// What a person reads while the rollout runs: new service events and one line of counts per change. Pure.

/** "web:8" from "arn:aws:ecs:...:task-definition/web:8". */
function taskDefinitionLabel(arn) {
    return arn ? (0,_aws_arn_js__WEBPACK_IMPORTED_MODULE_0__/* .shortArn */ .k)(arn) : 'unknown task definition';
}
/** "1a2b3c..." from "arn:aws:ecs:region:account:task/cluster/1a2b3c...". */
function taskId(taskArn) {
    return (0,_aws_arn_js__WEBPACK_IMPORTED_MODULE_0__/* .shortArn */ .k)(taskArn);
}
/** HH:MM:SS in UTC, the runner's log time zone. */
function clockTime(date) {
    return date.toISOString().slice(11, 19);
}
function eventKey(event) {
    return event.id ?? `${event.createdAt?.getTime() ?? ''}|${event.message ?? ''}`;
}
/**
 * The events not seen before and not older than `sinceMs`, oldest first.
 * ECS lists at most 100 events, newest first; the window slides, so identity (id) decides, not position.
 */
function freshEvents(events, seen, sinceMs) {
    const unseen = (events ?? []).filter(e => !seen.has(eventKey(e)) && (e.createdAt?.getTime() ?? sinceMs) >= sinceMs);
    // Reverse first so that events with the same timestamp keep ECS's order once sorted (sort is stable).
    return unseen.reverse().sort((a, b) => (a.createdAt?.getTime() ?? 0) - (b.createdAt?.getTime() ?? 0));
}
/** True when the listed window holds only unseen events although we had seen some: events may have slid past. */
function eventsMayBeMissing(events, seen, fresh) {
    const listed = events ?? [];
    return listed.length >= 100 && fresh === listed.length && seen.size > 0;
}
/** The task ids an event names: "(task 1a2b...)". */
function taskIdsIn(message) {
    return [...message.matchAll(/\(task ([\w-]+)\)/g)].map(m => m[1]);
}
/** ECS's event for tasks it stopped: "(service web) has stopped 2 running tasks: (task ...)". */
function saysTasksStopped(message) {
    return /has stopped \d+ running tasks?/.test(message ?? '');
}
/** The tasks ECS's "(service web) has started 2 tasks: (task ...)" event names; none for any other event. */
function startedTaskIdsIn(message) {
    return /has started \d+ tasks?/.test(message) ? taskIdsIn(message) : [];
}
function formatEvent(event) {
    const when = event.createdAt ? clockTime(event.createdAt) : '--:--:--';
    return `${when} ${event.message ?? ''}`;
}
function counts(d, withFailed) {
    const parts = [`desired ${d.desiredCount ?? 0}`, `running ${d.runningCount ?? 0}`];
    if (withFailed || (d.pendingCount ?? 0) > 0)
        parts.push(`pending ${d.pendingCount ?? 0}`);
    if (withFailed)
        parts.push(`failed ${d.failedTasks ?? 0}`);
    return parts.join(', ');
}
/**
 * One line for the deployment being followed and the others, e.g.
 * `new ecs-svc/12 (web:8) IN_PROGRESS desired 2, running 1, pending 1, failed 0 | old (web:7) desired 2, running 2`
 */
function progressLine(deployments, focusId, focusTaskDefinitionArn, focusLabel = 'new', 
/** The circuit breaker's threshold (thresholdConfiguration applied), shown once tasks fail. */
breakerThreshold) {
    const all = deployments ?? [];
    const focus = all.find(d => d.id === focusId);
    const breaker = focus && breakerThreshold !== undefined && (focus.failedTasks ?? 0) > 0
        ? ` (circuit breaker at ${breakerThreshold})`
        : '';
    const head = focus
        ? `${focusLabel} ${focusId} (${taskDefinitionLabel(focus.taskDefinition)}) ${focus.rolloutState ?? focus.status ?? ''} ${counts(focus, true)}${breaker}`
        : `${focusLabel} ${focusId} (${taskDefinitionLabel(focusTaskDefinitionArn)}) not listed`;
    const others = all
        .filter(d => d.id !== focusId)
        .map(d => {
        const who = d.status === 'PRIMARY' ? `primary ${d.id ?? ''}` : 'old';
        const state = d.rolloutState === 'FAILED' || d.status === 'PRIMARY' ? ` ${d.rolloutState ?? d.status}` : '';
        return `${who} (${taskDefinitionLabel(d.taskDefinition)})${state} ${counts(d, false)}`;
    });
    return [head.replace(/ {2,}/g, ' '), ...others].join(' | ');
}
/** The counts of one deployment as a short phrase, for heartbeats and timeouts. */
function deploymentState(d) {
    if (!d)
        return 'not listed';
    return `${d.rolloutState ?? d.status ?? 'unknown'}, ${counts(d, true)}`;
}


/***/ }),

/***/ 6302:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   P: () => (/* binding */ ServiceEvents),
/* harmony export */   e: () => (/* binding */ mergeEvents)
/* harmony export */ });
/* harmony import */ var _aws_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9378);
/* harmony import */ var _progress_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9778);


/** An event line's identity across two watches of one service (their lines carry no event id). */
const lineKey = (e) => `${e.createdAt.getTime()} ${e.message}`;
class ServiceEvents {
    source;
    where;
    since;
    logger;
    say;
    seen = new Set();
    saidBefore;
    /** Every event seen, oldest first. */
    lines = [];
    /** The service's currentServiceDeployment at the last read. */
    currentArn;
    lastReadAt = -Infinity;
    constructor(source, where, 
    /** Events from before this moment (local ms) are not this deployment's. */
    since, logger, say, 
    /** Lines an earlier watch of the same service already printed (the way back after a completed deployment). */
    saidBefore = []) {
        this.source = source;
        this.where = where;
        this.since = since;
        this.logger = logger;
        this.say = say;
        this.saidBefore = new Set(saidBefore.map(lineKey));
    }
    /** One DescribeServices: says each new event; a failed read is logged and the watch goes on. */
    async read(now) {
        this.lastReadAt = now;
        let service;
        try {
            service = await this.source.describeService(this.where.cluster, this.where.service);
        }
        catch (e) {
            this.logger.debug(`Could not read the service's events: ${(0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .describeAwsError */ .Pp)(e)}`);
            return;
        }
        this.currentArn = service?.currentServiceDeployment ?? this.currentArn;
        for (const event of (0,_progress_js__WEBPACK_IMPORTED_MODULE_1__/* .freshEvents */ .M0)(service?.events, this.seen, this.since)) {
            this.seen.add((0,_progress_js__WEBPACK_IMPORTED_MODULE_1__/* .eventKey */ .Mk)(event));
            const line = { createdAt: event.createdAt ?? new Date(now), message: event.message ?? '' };
            if (this.saidBefore.has(lineKey(line)))
                continue;
            this.lines.push(line);
            this.say((0,_progress_js__WEBPACK_IMPORTED_MODULE_1__/* .formatEvent */ .qF)(event));
        }
    }
}
/** Two watches' events of one service, each event once, oldest first. */
function mergeEvents(a, b) {
    const seen = new Set();
    return [...a, ...b]
        .filter(e => {
        const key = lineKey(e);
        return !seen.has(key) && seen.add(key);
    })
        .sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime());
}


/***/ }),

/***/ 1608:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   y: () => (/* binding */ Speaker)
/* harmony export */ });
/* unused harmony export HEARTBEAT_MS */
/* harmony import */ var _duration_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7607);
/* harmony import */ var _explain_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6790);
/* harmony import */ var _watch_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4827);



/** A line at least this often while nothing changes. */
const HEARTBEAT_MS = 30_000;
class Speaker {
    logger;
    clock;
    start;
    lastPrintAt;
    tasksShown = 0;
    constructor(logger, clock, 
    /** When the watch began: "still waiting after ...". */
    start = clock.now()) {
        this.logger = logger;
        this.clock = clock;
        this.start = start;
        this.lastPrintAt = clock.now();
    }
    say(line) {
        this.logger.info(line);
        this.lastPrintAt = this.clock.now();
    }
    /** Sleeps `ms`, saying `Still waiting after <time>: <where>` after every HEARTBEAT_MS of silence. */
    async pause(ms, where) {
        const { clock } = this;
        const until = clock.now() + ms;
        while (clock.now() < until) {
            const beatAt = this.lastPrintAt + HEARTBEAT_MS;
            if (beatAt <= clock.now())
                this.say(`Still waiting after ${(0,_duration_js__WEBPACK_IMPORTED_MODULE_1__/* .formatDuration */ .a)(clock.now() - this.start)}: ${where()}`);
            else
                await clock.sleep(Math.min(until, beatAt) - clock.now());
        }
    }
    showTasks(reports) {
        for (const report of reports)
            if (this.tasksShown++ < _watch_js__WEBPACK_IMPORTED_MODULE_0__/* .TASKS_IN_FULL */ .dD)
                for (const line of (0,_explain_js__WEBPACK_IMPORTED_MODULE_2__/* .formatStoppedTask */ .o_)(report))
                    this.say(line);
            else
                this.say((0,_explain_js__WEBPACK_IMPORTED_MODULE_2__/* .summarizeStoppedTask */ .SD)(report));
    }
}


/***/ }),

/***/ 895:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  U: () => (/* binding */ watchServiceDeployment)
});

// UNUSED EXPORTS: NOT_FOUND_GRACE_MS

// EXTERNAL MODULE: ./src/aws/arn.ts
var aws_arn = __webpack_require__(1626);
// EXTERNAL MODULE: ./src/aws/errors.ts
var errors = __webpack_require__(9378);
// EXTERNAL MODULE: ./src/duration.ts
var duration = __webpack_require__(7607);
// EXTERNAL MODULE: ./src/rollout/cadence.ts
var cadence = __webpack_require__(8042);
// EXTERNAL MODULE: ./src/rollout/progress.ts
var progress = __webpack_require__(9778);
// EXTERNAL MODULE: ./src/rollout/speaker.ts
var speaker = __webpack_require__(1608);
// EXTERNAL MODULE: ./src/rollout/attention.ts
var attention = __webpack_require__(8503);
// EXTERNAL MODULE: ./src/settings/types.ts
var types = __webpack_require__(1664);
;// CONCATENATED MODULE: ./src/rollout/staged-verdict.ts




/** Every status the SDK's model has. Only SUCCESSFUL is a successful deploy. */
const SERVICE_DEPLOYMENT_STATUSES = [
    'PENDING',
    'IN_PROGRESS',
    'STOP_REQUESTED',
    'ROLLBACK_REQUESTED',
    'ROLLBACK_IN_PROGRESS',
    'SUCCESSFUL',
    'STOPPED',
    'ROLLBACK_SUCCESSFUL',
    'ROLLBACK_FAILED'
];
const FINAL_STATUSES = ['SUCCESSFUL', 'STOPPED', 'ROLLBACK_SUCCESSFUL', 'ROLLBACK_FAILED'];
const ROLLBACK_STATUSES = [
    'ROLLBACK_REQUESTED',
    'ROLLBACK_IN_PROGRESS',
    'ROLLBACK_SUCCESSFUL',
    'ROLLBACK_FAILED'
];
const isOngoing = (sd) => ['PENDING', 'IN_PROGRESS'].includes(sd.status ?? '');
const isRollingBack = (sd) => ROLLBACK_STATUSES.includes(sd.status ?? '');
const isFinal = (sd) => FINAL_STATUSES.includes(sd.status ?? '');
/** "Service deployment 9Fm2... of web:3". */
function deploymentName(ctx) {
    return `Service deployment ${(0,aws_arn/* shortArn */.k)(ctx.serviceDeploymentArn)} of ${(0,progress/* taskDefinitionLabel */.$7)(ctx.targetTaskDefinitionArn)}`;
}
function stageIndex(stage) {
    return types/* LIFECYCLE_STAGES */.t.indexOf((stage ?? ''));
}
const FAILED_HOOK = ['FAILED', 'TIMED_OUT'];
/** Hooks that failed or timed out (with ROLLBACK: a CONTINUE timeout lets the deployment go on). */
function failedHooks(sd) {
    return (sd.lifecycleHookDetails ?? []).filter(h => FAILED_HOOK.includes(h.status ?? '') && !(h.status === 'TIMED_OUT' && h.timeoutAction === 'CONTINUE'));
}
/** The pause hook the deployment waits on, if any. */
function awaitingPauseHook(sd) {
    if (sd.status !== 'IN_PROGRESS')
        return undefined;
    return (sd.lifecycleHookDetails ?? []).find(h => h.status === 'AWAITING_ACTION');
}
/** Nothing is failing: no failed hook, no alarm in ALARM, no tripped circuit breaker. */
function isHealthy(sd) {
    return (failedHooks(sd).length === 0 &&
        sd.alarms?.status !== 'TRIGGERED' &&
        (sd.alarms?.triggeredAlarmNames ?? []).length === 0 &&
        sd.deploymentCircuitBreaker?.status !== 'TRIGGERED');
}
/** wait-until: the deployment is in that stage or past it, still going forward, and healthy. */
function stageReached(sd, stage) {
    const at = stageIndex(sd.lifecycleStage);
    return sd.status === 'IN_PROGRESS' && at >= 0 && at >= stageIndex(stage) && isHealthy(sd);
}
function hookName(h) {
    return h.targetType === 'PAUSE' || !h.targetArn ? `pause hook ${h.hookId ?? '?'}` : `hook ${h.targetArn}`;
}
/** Why the deployment failed: ECS's reason, then what tripped (circuit breaker, alarms, hooks). */
function whyFailed(sd, ctx) {
    const parts = [];
    const reason = sd.rollback?.reason ?? sd.statusReason;
    if (ctx.ourRollback)
        parts.push(ctx.ourRollback);
    else if (reason)
        parts.push(reason.replace(/\.$/, ''));
    const breaker = sd.deploymentCircuitBreaker;
    if (breaker?.status === 'TRIGGERED')
        parts.push(`circuit breaker: ${breaker.failureCount ?? '?'} of ${breaker.threshold ?? '?'} tasks failed`);
    const alarms = sd.alarms?.triggeredAlarmNames ?? [];
    if (alarms.length > 0)
        parts.push(`alarm${alarms.length > 1 ? 's' : ''} in ALARM: ${alarms.join(', ')}`);
    for (const h of failedHooks(sd)) {
        const stage = ctx.hookStages.get(h.hookId ?? '');
        parts.push(`${hookName(h)} ${h.status}${stage ? ` in ${stage}` : ''}`);
    }
    return parts.length > 0 ? parts.join('; ') : 'ECS gave no reason';
}
/** The revision a rollback returns to: "web:2 (service revision 1234...)". */
function rollbackTarget(sd, ctx) {
    const arn = sd.rollback?.serviceRevisionArn ?? sd.sourceServiceRevisions?.[0]?.arn;
    const td = (arn && ctx.revisions.get(arn)) || ctx.previousTaskDefinitionArn;
    const revision = arn ? ` (service revision ${(0,aws_arn/* shortArn */.k)(arn)})` : '';
    return {
        label: `${td ? (0,progress/* taskDefinitionLabel */.$7)(td) : 'the previous revision'}${revision}`,
        taskDefinitionArn: td
    };
}
function where(sd, ctx) {
    const stage = sd.lifecycleStage ?? ctx.lastStage;
    return stage ? ` in ${stage}` : '';
}
function fail(outcome, cause, details = []) {
    return { outcome, ok: false, cause, details };
}
/** The verdict on one look at the deployment; undefined: keep following. Never success but on SUCCESSFUL. */
function judgeServiceDeployment(sd, ctx, 
/** The service's currentServiceDeployment at the last look, to tell a superseded deployment. */
currentArn) {
    const name = deploymentName(ctx);
    const follow = `aws ecs describe-service-deployments --service-deployment-arns ${ctx.serviceDeploymentArn}`;
    switch (sd.status) {
        case 'SUCCESSFUL':
            return { outcome: 'COMPLETED', ok: true, cause: `${name} succeeded`, details: [] };
        case 'PENDING':
        case 'IN_PROGRESS': {
            const wanted = ctx.waitUntil.kind === 'stage' ? ctx.waitUntil.stage : undefined;
            if (wanted && stageReached(sd, wanted))
                return {
                    outcome: 'STAGE_REACHED',
                    ok: true,
                    stage: sd.lifecycleStage,
                    cause: `${name} reached ${sd.lifecycleStage} healthy (wait-until is ${wanted}); ECS goes on without this run. ` +
                        `Follow it with: ${follow}`,
                    details: []
                };
            return undefined;
        }
        case 'ROLLBACK_REQUESTED':
        case 'ROLLBACK_IN_PROGRESS': {
            if (ctx.followRollback || ctx.ourRollback)
                return undefined;
            const to = rollbackTarget(sd, ctx);
            return fail('ROLLING_BACK', `${name} failed${where(sd, ctx)}: ${whyFailed(sd, ctx)}. ECS is rolling back to ${to.label}; ` +
                `the run does not wait for it (rollback-on-failure is false). Follow it with: ${follow}`);
        }
        case 'ROLLBACK_SUCCESSFUL': {
            const to = rollbackTarget(sd, ctx);
            return {
                ...fail('ROLLED_BACK', `ECS rolled back to ${to.label}: ${name} failed${where(sd, ctx)}: ${whyFailed(sd, ctx)}`),
                ...(to.taskDefinitionArn ? { restoredTaskDefinitionArn: to.taskDefinitionArn } : {})
            };
        }
        case 'ROLLBACK_FAILED': {
            const to = rollbackTarget(sd, ctx);
            return fail('FAILED', `${name} failed${where(sd, ctx)} (${whyFailed(sd, ctx)}), and ECS's rollback to ${to.label} FAILED too` +
                `${sd.statusReason ? `: ${sd.statusReason}` : ''}. The service may be left between revisions: check it in the ECS console now.`);
        }
        case 'STOP_REQUESTED':
        case 'STOPPED': {
            const superseded = /supersed|newer service deployment/i.test(sd.statusReason ?? '') ||
                (currentArn !== undefined && currentArn !== ctx.serviceDeploymentArn);
            if (superseded)
                return fail('REPLACED', `${name} was stopped${where(sd, ctx)}: superseded by a newer service deployment${currentArn && currentArn !== ctx.serviceDeploymentArn ? ` (${(0,aws_arn/* shortArn */.k)(currentArn)})` : ''}, started outside this run. ` +
                    'Find out who deployed (service events, CloudTrail UpdateService) and re-run when the service is yours.');
            return fail('FAILED', `${name} was stopped${where(sd, ctx)} by ${whoStopped(sd, ctx)}`);
        }
        default: {
            // A status newer than this action: never success; a finished one fails, an ongoing one is followed.
            if (!sd.finishedAt)
                return undefined;
            return fail('FAILED', `${name} ended with status ${sd.status ?? '(none)'}, which release-to-ecs does not know; it is not taken for success. ` +
                `Check it with: ${follow}`);
        }
    }
}
function whoStopped(sd, ctx) {
    const alarms = sd.alarms?.triggeredAlarmNames ?? [];
    const reason = sd.statusReason ? `: ${sd.statusReason.replace(/\.$/, '')}` : '';
    if (alarms.length > 0)
        return `ECS: alarm${alarms.length > 1 ? 's' : ''} ${alarms.join(', ')} in ALARM, and the service's alarms do not roll back${reason}`;
    if (sd.deploymentCircuitBreaker?.status === 'TRIGGERED')
        return `ECS's circuit breaker (${whyFailed(sd, ctx)}), which the service does not let roll back${reason}`;
    return `a StopServiceDeployment outside this run${reason}`;
}
/** A status or stage the SDK's model does not have: said once, never taken for success. */
function unknownValues(sd) {
    const found = [];
    if (!SERVICE_DEPLOYMENT_STATUSES.includes(sd.status ?? ''))
        found.push(`status ${sd.status ?? '(none)'}`);
    if (sd.lifecycleStage !== undefined && stageIndex(sd.lifecycleStage) < 0)
        found.push(`lifecycle stage ${sd.lifecycleStage}`);
    return found;
}
/** wait-for-minutes ran out (and the run does not, or no longer may, ask ECS to roll back): where it was left. */
function timedOutVerdict(sd, ctx, timeoutMs, 
/** The deployment's progress line. */
line) {
    const which = ctx.ourRollback || isRollingBack(sd) ? "ECS's rollback of " : '';
    return fail('TIMED_OUT', `${which}${deploymentName(ctx)} did not finish within ${(0,duration/* formatDuration */.a)(timeoutMs)}: ${line}. ` +
        (ctx.waitUntil.kind === 'deployed' && sd.lifecycleStage === 'BAKE_TIME'
            ? 'Raise wait-for-minutes, or set wait-until: BAKE_TIME to end the step once the bake begins.'
            : 'Raise wait-for-minutes if the deployment needs longer.'));
}

;// CONCATENATED MODULE: ./src/rollout/staged-cadence.ts



function bakeMinutes(config) {
    return config?.bakeTimeInMinutes ?? 0;
}
/** Minutes ECS waits after this production weight before the next step (LINEAR, CANARY), or undefined. */
function stepWaitMinutes(config, weight) {
    if (weight <= 0 || weight >= 100)
        return undefined;
    if (config?.strategy === 'LINEAR')
        return config.linearConfiguration?.stepBakeTimeInMinutes ?? 6;
    if (config?.strategy === 'CANARY')
        return config.canaryConfiguration?.canaryBakeTimeInMinutes ?? 10;
    return undefined;
}
/** When the current wait (a bake, a traffic step) ends by the configuration, or undefined when no wait is known. */
function knownEndAt(sd, config, clock) {
    if (sd.status !== 'IN_PROGRESS')
        return undefined;
    if (sd.lifecycleStage === 'BAKE_TIME')
        return clock.stageSeenAt + bakeMinutes(config) * 60_000;
    if (sd.lifecycleStage === 'PRODUCTION_TRAFFIC_SHIFT') {
        const minutes = stepWaitMinutes(config, sd.targetServiceRevision?.requestedProductionTrafficWeight ?? 0);
        return minutes === undefined ? undefined : clock.weightSeenAt + minutes * 60_000;
    }
    const pause = awaitingPauseHook(sd);
    return pause?.expiresAt?.getTime();
}
/** In a wait whose end comes at a time ECS knows (a bake, a traffic step, a pause) or a hook decides. */
function isWaiting(sd, config, clock) {
    return (knownEndAt(sd, config, clock) !== undefined ||
        sd.lifecycleStage === 'BAKE_TIME' ||
        (sd.status === 'IN_PROGRESS' && (sd.lifecycleHookDetails ?? []).some(h => h.status === 'IN_PROGRESS')));
}
/** The first seconds, and the look right after a change, where tasks move: a bad revision fails quickly. */
const STAGED_FAST_PHASE_MS = 20_000;
const STAGED_FAST_MS = 1_000;
/** Stages where tasks move (scale up, clean up, a rollback): they start and stop any moment. */
const STAGED_MOVING_MS = 1_500;
/**
 * From a known end (reckoned from the earliest moment its stage can have begun, so ECS moves on at it or up to one
 * look later) until STAGED_PAST_END_MS after it, a look every STAGED_DUE_MS.
 */
const STAGED_DUE_MS = 1_000;
const STAGED_PAST_END_MS = 5_000;
/** Milliseconds to the next DescribeServiceDeployments. */
function nextStagedPollDelay(input) {
    if (input.throttled > 0)
        return (0,cadence/* nextPollDelay */.qC)({ ...input, moving: false, nearDone: false, throttled: input.throttled });
    if (!input.waiting)
        return input.elapsedMs < STAGED_FAST_PHASE_MS || input.changed ? STAGED_FAST_MS : STAGED_MOVING_MS;
    const until = input.untilKnownEndMs;
    if (until !== undefined && until <= 0 && until >= -STAGED_PAST_END_MS)
        return STAGED_DUE_MS;
    // In a wait, attention follows change (attention.ts).
    const pace = (0,attention/* waitPace */.Vv)(input.sinceChangeMs);
    // The last wait before a known end is shorter, so a look lands on it.
    return until === undefined || until < 0 ? pace : Math.min(pace, until);
}
/** Milliseconds between DescribeServices reads when nothing changed: less often in a wait quiet for a while. */
function stagedEventsEvery(input) {
    return (0,attention/* eventsEvery */.Jt)(input.waiting && (0,attention/* isQuiet */.rM)(input.sinceChangeMs));
}

// EXTERNAL MODULE: ./src/rollout/service-events.ts
var service_events = __webpack_require__(6302);
;// CONCATENATED MODULE: ./src/rollout/staged-progress.ts



function percent(n) {
    return `${Math.round((n ?? 0) * 10) / 10} %`;
}
/** Statuses where the deployment goes back or stops: the status leads the line, the stage is where it is. */
const BACKWARD = [
    'ROLLBACK_REQUESTED',
    'ROLLBACK_IN_PROGRESS',
    'ROLLBACK_SUCCESSFUL',
    'ROLLBACK_FAILED',
    'STOP_REQUESTED',
    'STOPPED'
];
function countsOf(label, r) {
    if (!r)
        return '';
    const pending = (r.pendingTaskCount ?? 0) > 0 ? `, pending ${r.pendingTaskCount}` : '';
    return ` | ${label} running ${r.runningTaskCount ?? 0}/${r.requestedTaskCount ?? 0}${pending}`;
}
/**
 * The deployment in one line, e.g. `PRODUCTION_TRAFFIC_SHIFT: 10 % → blue/green 90/10 | web:3 running 2/2`,
 * `BAKE_TIME: 4m left | web:3 running 2/2`, or while it goes back
 * `ROLLBACK_IN_PROGRESS, stage BAKE_TIME | web:3 running 0/0 | web:2 running 2/2`. Printed when anything but the
 * time left changes.
 */
function stagedProgressLine(sd, config, clock, now, targetLabel, 
/** The revision a rollback returns to, named (its counts are shown while going back). */
sourceLabel = 'the previous revision') {
    const target = sd.targetServiceRevision;
    const counts = countsOf(targetLabel, target);
    if (BACKWARD.includes(sd.status ?? '')) {
        const where = sd.lifecycleStage ? `, stage ${sd.lifecycleStage}` : '';
        return `${sd.status}${where}${counts}${countsOf(sourceLabel, sd.sourceServiceRevisions?.[0])}`;
    }
    const stage = sd.lifecycleStage ?? sd.status ?? 'unknown';
    const test = target?.requestedTestTrafficWeight ?? 0;
    const prod = target?.requestedProductionTrafficWeight ?? 0;
    let detail = '';
    if (sd.status !== 'IN_PROGRESS')
        detail = sd.lifecycleStage ? (sd.status ?? 'unknown status') : '';
    else if (stage === 'TEST_TRAFFIC_SHIFT' || stage === 'POST_TEST_TRAFFIC_SHIFT')
        detail = `test ${percent(test)}`;
    else if (stage === 'PRODUCTION_TRAFFIC_SHIFT' || stage === 'POST_PRODUCTION_TRAFFIC_SHIFT')
        detail = `${percent(prod)} → blue/green ${Math.round((100 - prod) * 10) / 10}/${Math.round(prod * 10) / 10}`;
    const end = knownEndAt(sd, config, clock);
    if (end !== undefined && stage !== 'PRODUCTION_TRAFFIC_SHIFT' && !awaitingPauseHook(sd))
        detail = `${(0,duration/* formatDuration */.a)(Math.max(0, end - now))} left`;
    return `${stage}${detail ? `: ${detail}` : ''}${counts}`;
}
/** What changes the line, without the countdown: a new key prints a new line. */
function progressKey(sd) {
    const t = sd.targetServiceRevision;
    return [
        sd.status,
        sd.lifecycleStage,
        t?.requestedTestTrafficWeight,
        t?.requestedProductionTrafficWeight,
        t?.runningTaskCount,
        t?.pendingTaskCount,
        t?.requestedTaskCount,
        sd.sourceServiceRevisions?.[0]?.runningTaskCount,
        sd.sourceServiceRevisions?.[0]?.requestedTaskCount
    ].join('/');
}
/** One line per hook: `hook <id> (AWS_LAMBDA arn:...): SUCCEEDED`. */
function hookLine(h, stage) {
    const target = h.targetType === 'PAUSE' ? 'PAUSE' : `${h.targetType ?? 'hook'} ${h.targetArn ?? ''}`.trim();
    return `Hook ${h.hookId ?? '?'} (${target})${stage ? ` in ${stage}` : ''}: ${h.status ?? 'unknown'}`;
}
/** Alarms and circuit breaker, in one line, when they say something. */
function monitorsLine(sd) {
    const parts = [];
    const a = sd.alarms;
    if (a && a.status && a.status !== 'DISABLED')
        parts.push(`alarms ${a.status}${(a.alarmNames ?? []).length > 0 ? ` (${(a.alarmNames ?? []).join(', ')})` : ''}` +
            `${(a.triggeredAlarmNames ?? []).length > 0 ? `, in ALARM: ${(a.triggeredAlarmNames ?? []).join(', ')}` : ''}`);
    const b = sd.deploymentCircuitBreaker;
    if (b && b.status && b.status !== 'DISABLED')
        parts.push(`circuit breaker ${b.status}, ${b.failureCount ?? 0} of ${b.threshold ?? '?'} failed tasks`);
    return parts.length > 0 ? parts.join('; ') : undefined;
}
/** The message for a pause hook that waits: which, until when, then what, and the exact command to continue it. */
function pauseLines(sd, hook, now, region) {
    const expires = hook.expiresAt;
    const when = expires
        ? `it times out at ${expires.toISOString().replace('.000Z', 'Z')} (in ${(0,duration/* formatDuration */.a)(expires.getTime() - now)}) and then ECS will ${hook.timeoutAction === 'CONTINUE' ? 'CONTINUE' : 'ROLLBACK'}`
        : `it times out with action ${hook.timeoutAction ?? 'ROLLBACK'}`;
    const arn = sd.serviceDeploymentArn ?? '';
    return [
        `The deployment waits in ${sd.lifecycleStage ?? 'its stage'} on pause hook ${hook.hookId ?? '?'}; ${when}.`,
        `Continue it with: ${continueCommand(arn, hook.hookId ?? '', 'CONTINUE', region)}`,
        `(or roll it back with --action ROLLBACK, or run this action with continue-deployment: ${arn})`
    ];
}
function continueCommand(arn, hookId, action, region) {
    return (`aws ecs continue-service-deployment --service-deployment-arn ${arn} --hook-id ${hookId} --action ${action}` +
        (region ? ` --region ${region}` : ''));
}
/** Says each change of a hook's status and of the monitors once, and remembers the stage each hook was first seen in. */
class HookAndMonitorLines {
    /** The lifecycle stage each hook was first seen in (the API does not say). */
    hookStages = new Map();
    hookStatus = new Map();
    lastMonitors = '';
    next(sd) {
        const lines = [];
        for (const h of sd.lifecycleHookDetails ?? []) {
            const id = h.hookId ?? '';
            if (!this.hookStages.has(id) && sd.lifecycleStage)
                this.hookStages.set(id, sd.lifecycleStage);
            if (this.hookStatus.get(id) !== h.status) {
                this.hookStatus.set(id, h.status ?? '');
                lines.push(hookLine(h, this.hookStages.get(id)));
            }
        }
        const monitors = monitorsLine(sd) ?? '';
        if (monitors !== this.lastMonitors) {
            this.lastMonitors = monitors;
            if (monitors)
                lines.push(`Monitors: ${monitors}`);
        }
        return lines;
    }
}

// EXTERNAL MODULE: ./src/rollout/explain.ts
var explain = __webpack_require__(6790);
;// CONCATENATED MODULE: ./src/rollout/staged-result.ts
// The result of following a service deployment, from its verdict and what the watch saw: the cause with why tasks
// stopped (when they failed), the last progress line, events, stopped tasks and the stage timeline. Pure.

function stagedResult(verdict, seen) {
    const { tasks } = seen;
    // Tasks explain a failure only when they failed (the circuit breaker counted them); a rollback stops the rest.
    const explained = verdict.ok || !seen.tasksFailed
        ? undefined
        : (0,explain/* explainStoppedTasks */.zb)(tasks.reports, seen.taskDefinitionArn, tasks.definition);
    const details = [
        ...verdict.details,
        ...(seen.lastLine ? [seen.lastLine] : []),
        ...(explained ? [explained] : []),
        ...(seen.tasksFailed ? tasks.reports.slice(-3).flatMap(explain/* formatStoppedTask */.o_) : [])
    ];
    return {
        outcome: verdict.outcome,
        ok: verdict.ok,
        cause: explained && !verdict.ok && verdict.outcome !== 'REPLACED'
            ? `${verdict.cause} (${explained})`
            : verdict.cause,
        details,
        events: seen.events,
        stoppedTasks: tasks.reports,
        ...(verdict.restoredTaskDefinitionArn
            ? { restoredTaskDefinitionArn: verdict.restoredTaskDefinitionArn }
            : {}),
        ...(verdict.stage ? { stage: verdict.stage } : {}),
        finishedAt: seen.finishedAt,
        polls: seen.polls,
        timeline: seen.timeline
    };
}

;// CONCATENATED MODULE: ./src/rollout/staged-timeline.ts
class StageTimeline {
    spans = [];
    lastWeight;
    clock;
    constructor(start) {
        this.clock = { stageSeenAt: start, weightSeenAt: start };
    }
    /**
     * A stage starts in the timeline when first seen in it; the previous one ends then. For the waits' ends the stage
     * (and a traffic weight) began at the earliest just after the previous look: ends are reckoned from there, so a
     * look at the reckoned end or within a second after it sees ECS move on.
     */
    observe(sd, now, previousLookAt) {
        const stage = sd.lifecycleStage;
        const earliest = Math.min(now, previousLookAt);
        if (stage && this.spans.at(-1)?.stage !== stage) {
            this.close(now);
            this.spans.push({ stage, startedAt: now });
            this.clock = { ...this.clock, stageSeenAt: earliest };
        }
        const weight = sd.targetServiceRevision?.requestedProductionTrafficWeight;
        if (weight !== this.lastWeight) {
            this.lastWeight = weight;
            this.clock = { ...this.clock, weightSeenAt: earliest };
        }
    }
    /** Ends the open stage (the deployment finished). */
    close(now) {
        const last = this.spans.at(-1);
        if (last && last.endedAt === undefined)
            last.endedAt = now;
    }
    get stages() {
        return this.spans.map(s => ({ ...s }));
    }
}

// EXTERNAL MODULE: ./src/rollout/tasks.ts
var tasks = __webpack_require__(691);
;// CONCATENATED MODULE: ./src/rollout/staged-watch.ts













/** How long a new service deployment may be missing from DescribeServiceDeployments (eventual consistency). */
const NOT_FOUND_GRACE_MS = 10_000;
/** After answering a hook, look again soon: the deployment moves on at once. */
const FAST_MS_AFTER_ANSWER = 1_000;
async function watchServiceDeployment(request, deps) {
    return new StagedWatch(request, deps).run();
}
class StagedWatch {
    request;
    deps;
    start;
    deadline;
    label;
    speaker;
    tasks;
    events;
    timeline;
    revisions = new Map();
    news = new HookAndMonitorLines();
    said = new Set();
    /** Pause hooks this run answered: never twice, even while ECS still shows one AWAITING_ACTION. */
    answeredHooks = new Set();
    ctx;
    polls = 0;
    /** When the look before this one was made. */
    previousLookAt;
    throttled = 0;
    lastKey = '';
    /** When a look last saw the deployment change: attention follows change (staged-cadence). */
    lastChangeAt;
    lastSd;
    lastFailures = 0;
    lastRunning = 0;
    tasksFailed = false;
    rollbackSaid = false;
    answered = false;
    config;
    constructor(request, deps) {
        this.request = request;
        this.deps = deps;
        const { clock, logger, ecs } = deps;
        this.start = clock.now();
        this.deadline = this.start + request.timeoutMs;
        this.previousLookAt = this.start;
        this.lastChangeAt = this.start;
        this.label = (0,progress/* taskDefinitionLabel */.$7)(request.taskDefinitionArn);
        this.config = request.configuration;
        this.speaker = new speaker/* Speaker */.y(logger, clock, this.start);
        this.tasks = new tasks/* StoppedTasks */.y({
            cluster: request.cluster,
            service: request.service,
            deploymentId: request.deploymentId,
            taskDefinitionArn: request.taskDefinitionArn,
            timeoutMs: request.timeoutMs,
            maxTaskFailures: 0,
            followEcsRollback: request.followRollback
        }, { source: ecs, logs: deps.logs, clock, logger });
        this.events = new service_events/* ServiceEvents */.P(ecs, request, this.start - 10_000, logger, line => this.say(line), request.eventsSaid);
        this.timeline = new StageTimeline(this.start);
        this.ctx = {
            serviceDeploymentArn: request.serviceDeploymentArn,
            targetTaskDefinitionArn: request.taskDefinitionArn,
            waitUntil: request.waitUntil,
            followRollback: request.followRollback,
            revisions: this.revisions,
            previousTaskDefinitionArn: request.previousTaskDefinitionArn,
            hookStages: this.news.hookStages
        };
    }
    async run() {
        const { request } = this;
        const doneMeaning = request.waitUntil.kind === 'stage'
            ? `done: it reaches ${request.waitUntil.stage} healthy`
            : 'done: it is SUCCESSFUL';
        this.say(`Following service deployment ${(0,aws_arn/* shortArn */.k)(request.serviceDeploymentArn)} of ${this.label} on service ${request.service} ` +
            `(up to ${(0,duration/* formatDuration */.a)(request.timeoutMs)}; ${doneMeaning})`);
        for (;;) {
            const next = await this.lookOnce();
            if ('result' in next)
                return next.result;
            await this.pause(next.delay);
        }
    }
    get clock() {
        return this.deps.clock;
    }
    say(line) {
        this.speaker.say(line);
    }
    line(sd) {
        const back = rollbackTarget(sd, this.ctx).taskDefinitionArn;
        const { config, timeline, label } = this;
        return stagedProgressLine(sd, config, timeline.clock, this.clock.now(), label, back && (0,progress/* taskDefinitionLabel */.$7)(back));
    }
    /** Sleeps up to `ms`, never past the deadline. */
    pause(ms) {
        const wait = Math.min(ms, Math.max(0, this.deadline - this.clock.now()));
        return this.speaker.pause(wait, () => (this.lastSd ? this.line(this.lastSd) : 'not found yet'));
    }
    /** One DescribeServiceDeployments and what follows from it. */
    async lookOnce() {
        const { clock, request } = this;
        let sd;
        try {
            this.polls++;
            sd = (await this.deps.ecs.describeServiceDeployments([request.serviceDeploymentArn]))[0];
            this.throttled = 0;
        }
        catch (e) {
            if (!(0,cadence/* isRetryable */.r3)(e))
                throw e;
            return this.backOff(e);
        }
        if (!sd) {
            if (clock.now() - this.start < NOT_FOUND_GRACE_MS)
                return { delay: 1_000 };
            return this.finish({
                outcome: 'FAILED',
                ok: false,
                cause: `${deploymentName(this.ctx)} is not found (DescribeServiceDeployments); check the service's deployments in the ECS console.`,
                details: []
            });
        }
        const changed = await this.observe(sd);
        const verdict = await this.judge(sd);
        if (verdict)
            return verdict;
        const paused = await this.answerPause(sd);
        if (paused)
            return paused;
        if (clock.now() >= this.deadline)
            return this.timeOut(sd);
        const end = knownEndAt(sd, this.config, this.timeline.clock);
        return {
            delay: nextStagedPollDelay({
                elapsedMs: clock.now() - this.start,
                polls: this.polls,
                changed,
                sinceChangeMs: clock.now() - this.lastChangeAt,
                untilKnownEndMs: end === undefined ? undefined : end - clock.now(),
                waiting: isWaiting(sd, this.config, this.timeline.clock),
                throttled: 0,
                random: (this.deps.random ?? Math.random)()
            })
        };
    }
    /** A throttled or failed look: back off, and past the deadline give up. */
    backOff(e) {
        const { clock, request } = this;
        this.throttled++;
        if (clock.now() >= this.deadline)
            return this.finish({
                outcome: 'TIMED_OUT',
                ok: false,
                cause: `${deploymentName(this.ctx)} could not be followed within ${(0,duration/* formatDuration */.a)(request.timeoutMs)}: ECS kept refusing DescribeServiceDeployments.`,
                details: []
            });
        const delay = nextStagedPollDelay({
            elapsedMs: clock.now() - this.start,
            polls: this.polls,
            changed: false,
            sinceChangeMs: clock.now() - this.lastChangeAt,
            waiting: false,
            throttled: this.throttled,
            random: (this.deps.random ?? Math.random)()
        });
        if (this.throttled === 1 || this.throttled % 5 === 0)
            this.say(`ECS did not answer DescribeServiceDeployments (${(0,errors/* describeAwsError */.Pp)(e.cause ?? e)}); looking again in ${(delay / 1000).toFixed(1)}s`);
        return { delay };
    }
    /** Everything a person reads about this look: the line, events, hooks, monitors, stopped tasks. Returns whether it changed. */
    async observe(sd) {
        const now = this.clock.now();
        this.config = sd.deploymentConfiguration ?? this.config;
        const key = progressKey(sd);
        const changed = key !== this.lastKey;
        const stage = sd.lifecycleStage;
        this.timeline.observe(sd, now, this.previousLookAt);
        this.previousLookAt = now;
        if (isOngoing(sd) && stage)
            this.ctx.lastStage = stage;
        if (changed)
            this.lastChangeAt = now;
        const eventsEvery = stagedEventsEvery({
            waiting: isWaiting(sd, this.config, this.timeline.clock),
            sinceChangeMs: now - this.lastChangeAt
        });
        if (changed || now - this.events.lastReadAt >= eventsEvery)
            await this.events.read(now);
        if (changed)
            this.say(this.line(sd));
        this.lastKey = key;
        for (const line of this.news.next(sd))
            this.say(line);
        for (const unknown of unknownValues(sd))
            if (!this.said.has(unknown)) {
                this.said.add(unknown);
                this.deps.logger.warning(`${deploymentName(this.ctx)} reports ${unknown}, which release-to-ecs does not know; following it, and never taking it for success.`, { title: 'Unknown service deployment state' });
            }
        // Stopped tasks: when the circuit breaker counts another failure or the new revision loses running tasks.
        const failures = sd.deploymentCircuitBreaker?.failureCount ?? 0;
        const running = sd.targetServiceRevision?.runningTaskCount ?? 0;
        if (failures > 0)
            this.tasksFailed = true;
        if (isOngoing(sd) &&
            (failures > this.lastFailures || (running < this.lastRunning && sd.lifecycleStage !== 'CLEAN_UP')))
            this.speaker.showTasks(await this.tasks.refresh());
        this.lastFailures = failures;
        this.lastRunning = running;
        return changed;
    }
    /** The verdict on this look, if there is one; says once that a followed rollback began. */
    async judge(sd) {
        if (isRollingBack(sd))
            await this.readRollbackRevision(sd);
        const verdict = judgeServiceDeployment(sd, this.ctx, this.events.currentArn);
        this.lastSd = sd;
        if (verdict) {
            if (!verdict.ok && this.tasksFailed)
                this.speaker.showTasks(await this.tasks.refresh());
            if (!verdict.ok)
                await this.events.read(this.clock.now());
            return this.finish(verdict);
        }
        if (isRollingBack(sd) && !this.rollbackSaid) {
            this.rollbackSaid = true;
            this.say(`ECS is rolling back (${sd.status}): ${this.ctx.ourRollback ?? sd.rollback?.reason ?? sd.statusReason ?? 'no reason given'}. ` +
                'Following the rollback to its end (rollback-on-failure is true).');
        }
        return undefined;
    }
    /** The task definition of the revision a rollback goes back to, read once (naming it is worth the call). */
    async readRollbackRevision(sd) {
        const revision = sd.rollback?.serviceRevisionArn ?? sd.sourceServiceRevisions?.[0]?.arn;
        if (!revision || this.revisions.has(revision))
            return;
        this.revisions.set(revision, '');
        try {
            for (const r of await this.deps.ecs.describeServiceRevisions([revision]))
                if (r.serviceRevisionArn && r.taskDefinition)
                    this.revisions.set(r.serviceRevisionArn, r.taskDefinition);
        }
        catch (e) {
            this.deps.logger.debug(`Could not read service revision ${revision}: ${(0,errors/* describeAwsError */.Pp)(e)}`);
        }
    }
    /** A pause hook waiting: say how to continue it, then answer it or end the step, as asked. */
    async answerPause(sd) {
        const { request } = this;
        const hook = awaitingPauseHook(sd);
        if (!hook?.hookId || this.answeredHooks.has(hook.hookId))
            return undefined;
        const key = `pause ${hook.hookId}`;
        if (!this.said.has(key)) {
            this.said.add(key);
            this.say(pauseLines(sd, hook, this.clock.now(), request.region).join('\n'));
        }
        const action = request.answer && !this.answered
            ? request.answer.action
            : request.onPause === 'continue'
                ? 'CONTINUE'
                : undefined;
        if (action) {
            this.answered = true;
            this.answeredHooks.add(hook.hookId);
            await this.deps.ecs.continueServiceDeployment(request.serviceDeploymentArn, hook.hookId, action);
            this.say(`Answered pause hook ${hook.hookId} with ${action} (${request.answer ? 'continue-action' : 'on-pause is continue'}); following the deployment on.`);
            return { delay: FAST_MS_AFTER_ANSWER };
        }
        if (request.onPause !== 'exit')
            return undefined;
        return this.finish({
            outcome: 'PAUSED',
            ok: true,
            stage: sd.lifecycleStage,
            cause: `${deploymentName(this.ctx)} waits on pause hook ${hook.hookId} in ${sd.lifecycleStage ?? 'its stage'} (on-pause is exit): ` +
                'the step ends here; continue it with continue-deployment in a later job, or with the command above.',
            details: []
        }, { hookId: hook.hookId });
    }
    /** wait-for-minutes ran out: with rollback-on-failure ask ECS to roll back (and follow it), else TIMED_OUT. */
    async timeOut(sd) {
        const { request, ctx } = this;
        const name = deploymentName(ctx);
        const within = (0,duration/* formatDuration */.a)(request.timeoutMs);
        if (isOngoing(sd) && request.followRollback && !ctx.ourRollback) {
            ctx.ourRollback = `wait-for-minutes (${within}) ran out in ${sd.lifecycleStage ?? sd.status}, and the run asked ECS to roll back`;
            this.say(`${name} did not finish within ${within}: asking ECS to roll back (StopServiceDeployment ROLLBACK; rollback-on-failure is true).`);
            try {
                await this.deps.ecs.stopServiceDeployment(request.serviceDeploymentArn, 'ROLLBACK');
            }
            catch (e) {
                // The timeout stays the verdict; why the rollback was not asked for goes with it.
                return this.finish({
                    outcome: 'TIMED_OUT',
                    ok: false,
                    cause: `${name} did not finish within ${within} (${this.line(sd)}), and asking ECS to roll it back failed: ` +
                        `${e instanceof Error ? e.message : (0,errors/* describeAwsError */.Pp)(e)}`,
                    details: []
                });
            }
            this.deadline = this.clock.now() + request.timeoutMs;
            return { delay: 0 };
        }
        return this.finish(timedOutVerdict(sd, ctx, request.timeoutMs, this.line(sd)));
    }
    finish(verdict, extra = {}) {
        // A deployment left going (wait-until, a pause, a rollback not waited for) keeps its stage open in the timeline.
        if (this.lastSd && isFinal(this.lastSd))
            this.timeline.close(this.clock.now());
        if (verdict.ok)
            this.say(verdict.cause);
        else
            this.say(`Rollout ${verdict.outcome}: ${verdict.cause}`);
        const result = stagedResult(verdict, {
            taskDefinitionArn: this.request.taskDefinitionArn,
            lastLine: this.lastSd ? `${deploymentName(this.ctx)}: ${this.line(this.lastSd)}` : undefined,
            tasks: this.tasks,
            tasksFailed: this.tasksFailed,
            events: this.events.lines,
            timeline: this.timeline.stages,
            polls: this.polls,
            finishedAt: this.clock.now()
        });
        return { result: { ...result, ...extra } };
    }
}


/***/ }),

/***/ 691:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   y: () => (/* binding */ StoppedTasks)
/* harmony export */ });
/* unused harmony export MAX_TASKS_WITH_LOGS */
/* harmony import */ var _aws_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9378);
/* harmony import */ var _cadence_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8042);
/* harmony import */ var _explain_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6790);



/** Log tails are read for at most this many stopped tasks per rollout. */
const MAX_TASKS_WITH_LOGS = 3;
const DESCRIBE_BATCH = 100;
class StoppedTasks {
    request;
    deps;
    listed = new Set();
    described = new Map();
    taskDefinition;
    taskDefinitionRead = false;
    tasksWithLogs = 0;
    deniedWarned = false;
    lastListAt;
    constructor(request, deps) {
        this.request = request;
        this.deps = deps;
        // The first hint may be acted on at once; the safety net waits for LIST_STOPPED_SAFETY_MS.
        this.lastListAt = deps.clock.now() - _cadence_js__WEBPACK_IMPORTED_MODULE_1__/* .LIST_STOPPED_MIN_MS */ .Jc;
        for (const report of request.earlier?.stoppedTasks ?? []) {
            this.listed.add(report.taskArn);
            this.described.set(report.taskArn, report);
        }
    }
    /** Distinct tasks of the deployment that have STOPPED (tasks still stopping count once they have). */
    get count() {
        return this.described.size;
    }
    get reports() {
        return [...this.described.values()];
    }
    get definition() {
        return this.taskDefinition;
    }
    /** Listed tasks that were not STOPPED yet when described (no exit codes yet). */
    get undescribed() {
        return this.listed.size > this.described.size;
    }
    /** Lists stopped tasks; describes only those not described before. Returns the newly described ones. */
    async refresh() {
        const { source, clock, logger } = this.deps;
        const { cluster, service, deploymentId } = this.request;
        this.lastListAt = clock.now();
        let arns;
        try {
            arns = await source.listStoppedTasks(cluster, service, deploymentId);
        }
        catch (e) {
            if (!this.warnIfDenied(e))
                logger.debug(`Could not list stopped tasks of ${deploymentId}: ${(0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .describeAwsError */ .Pp)(e)}`);
            return [];
        }
        for (const arn of arns)
            this.listed.add(arn);
        const todo = arns.filter(arn => !this.described.has(arn));
        const fresh = [];
        for (let i = 0; i < todo.length; i += DESCRIBE_BATCH) {
            let tasks;
            try {
                tasks = await source.describeTasks(cluster, todo.slice(i, i + DESCRIBE_BATCH));
            }
            catch (e) {
                if (!this.warnIfDenied(e))
                    logger.debug(`Could not describe stopped tasks of ${deploymentId}: ${(0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .describeAwsError */ .Pp)(e)}`);
                break;
            }
            // Tasks still stopping have no exit codes yet: leave them to a later look.
            for (const task of tasks.filter(t => t.lastStatus === 'STOPPED' && t.taskArn)) {
                const report = (0,_explain_js__WEBPACK_IMPORTED_MODULE_2__/* .stoppedTaskReport */ .fd)(task);
                this.described.set(report.taskArn, report);
                fresh.push(report);
            }
        }
        fresh.sort((a, b) => (a.stoppedAt?.getTime() ?? 0) - (b.stoppedAt?.getTime() ?? 0));
        for (const report of fresh)
            await this.readLogs(report);
        return fresh;
    }
    /**
     * A missing permission is said once, as a warning: the verdict does not depend on the tasks, but without them
     * a failed rollout cannot say why its tasks stopped. Returns whether the error was such a denial.
     */
    warnIfDenied(error) {
        const cause = error?.cause ?? error;
        if (!(0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isAccessDenied */ .w7)(cause))
            return false;
        if (!this.deniedWarned)
            this.deps.logger.warning(`${error instanceof Error ? error.message : (0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .describeAwsError */ .Pp)(error)} ` +
                "Until then the rollout is followed without the stopped tasks' reasons and logs.", { title: 'Missing permission' });
        this.deniedWarned = true;
        return true;
    }
    async readLogs(report) {
        const { logs, source, logger } = this.deps;
        if (!logs ||
            !report.containers.some(c => c.exitCode !== undefined) ||
            this.tasksWithLogs >= MAX_TASKS_WITH_LOGS)
            return;
        this.tasksWithLogs++;
        if (!this.taskDefinitionRead) {
            this.taskDefinitionRead = true;
            try {
                this.taskDefinition = await source.describeTaskDefinition(this.request.taskDefinitionArn);
            }
            catch (e) {
                logger.debug(`Could not read ${this.request.taskDefinitionArn} for its log configuration: ${(0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .describeAwsError */ .Pp)(e)}`);
            }
        }
        // Containers that ran and matter: an essential one, or one that failed. A sidecar that exited 0 says nothing.
        const essential = (name) => this.taskDefinition?.containerDefinitions?.find(c => c.name === name)?.essential !== false;
        const ran = report.containers.filter(c => c.exitCode !== undefined && (c.exitCode !== 0 || essential(c.name)));
        for (const container of ran) {
            const where = (0,_explain_js__WEBPACK_IMPORTED_MODULE_2__/* .logLocation */ .U)(this.taskDefinition, container.name, report.taskArn);
            if (!where) {
                container.logNote = 'no awslogs log configuration with a stream prefix: no logs to show';
                continue;
            }
            try {
                const lines = await logs.tail(where.region, where.group, where.stream, _explain_js__WEBPACK_IMPORTED_MODULE_2__/* .LOG_LINES */ .dq);
                if (lines.length > 0)
                    container.logTail = lines;
                else
                    container.logNote = `log stream ${where.group}/${where.stream} is empty`;
            }
            catch (e) {
                container.logNote = `no log lines: ${e instanceof Error && e.name === 'LogUnavailable' ? e.message : (0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .describeAwsError */ .Pp)(e)}`;
            }
        }
    }
}


/***/ }),

/***/ 4827:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  m: () => (/* binding */ HEARTBEAT_MS),
  dD: () => (/* binding */ TASKS_IN_FULL),
  Dl: () => (/* binding */ watchRollout)
});

// UNUSED EXPORTS: SERVICE_DEPLOYMENT_EVERY_MS

// EXTERNAL MODULE: ./src/aws/arn.ts
var arn = __webpack_require__(1626);
// EXTERNAL MODULE: ./src/aws/errors.ts
var errors = __webpack_require__(9378);
// EXTERNAL MODULE: ./src/duration.ts
var duration = __webpack_require__(7607);
// EXTERNAL MODULE: ./src/rollout/cadence.ts
var cadence = __webpack_require__(8042);
// EXTERNAL MODULE: ./src/rollout/drain.ts
var drain = __webpack_require__(1091);
// EXTERNAL MODULE: ./src/rollout/explain.ts
var explain = __webpack_require__(6790);
// EXTERNAL MODULE: ./src/rollout/progress.ts
var progress = __webpack_require__(9778);
;// CONCATENATED MODULE: ./src/rollout/service-deployment-facts.ts

const PHASES = {
    PENDING: 'ongoing',
    IN_PROGRESS: 'ongoing',
    STOP_REQUESTED: 'ongoing',
    ROLLBACK_REQUESTED: 'rolling-back',
    ROLLBACK_IN_PROGRESS: 'rolling-back',
    SUCCESSFUL: 'succeeded',
    STOPPED: 'stopped',
    ROLLBACK_SUCCESSFUL: 'rolled-back',
    ROLLBACK_FAILED: 'rollback-failed'
};
/** Every status of the model has its phase; a status this action does not know is 'unknown', never success. */
function phaseOf(status) {
    return (status && PHASES[status]) || 'unknown';
}
function isFinalPhase(phase) {
    return phase !== 'ongoing' && phase !== 'rolling-back';
}
/**
 * The circuit breaker's failure threshold for a desired count, as ECS computes it: BOUNDED_PERCENT (the default, value
 * 50) is value % of the desired count within 3..200, UNBOUNDED_PERCENT the same without the bounds (at least 1), COUNT
 * the value itself. Undefined when the breaker is off.
 */
function circuitBreakerThreshold(desiredCount, breaker) {
    if (!breaker?.enable)
        return undefined;
    const type = breaker.thresholdConfiguration?.type ?? 'BOUNDED_PERCENT';
    const value = breaker.thresholdConfiguration?.value ?? 50;
    if (type === 'COUNT')
        return Math.max(1, value);
    const share = Math.ceil((value / 100) * desiredCount);
    if (type === 'UNBOUNDED_PERCENT')
        return Math.max(1, share);
    return Math.min(200, Math.max(3, share));
}
/** One phrase for the circuit breaker as configured, e.g. "trips at 3 failed tasks (COUNT 3), counted across healthy tasks". */
function circuitBreakerPhrase(service, desiredCount) {
    const breaker = service?.deploymentConfiguration?.deploymentCircuitBreaker;
    const threshold = circuitBreakerThreshold(desiredCount, breaker);
    if (threshold === undefined || !breaker)
        return undefined;
    const config = breaker.thresholdConfiguration;
    const how = config ? ` (${config.type ?? 'BOUNDED_PERCENT'} ${config.value ?? 50})` : '';
    const reset = breaker.resetOnHealthyTask === false ? ', counted across healthy tasks' : '';
    return `circuit breaker trips at ${threshold} failed tasks${how}${reset}, then ${breaker.rollback ? 'rolls back' : 'stops the deployment'}`;
}
function earlySuccessOf(service, desiredCount) {
    const criteria = service?.deploymentConfiguration?.earlySuccessCriteria;
    if (!criteria?.enable)
        return undefined;
    const percent = criteria.healthyPercent ?? 100;
    return {
        healthyTasks: Math.ceil((percent / 100) * desiredCount),
        deferredCleanup: criteria.sourceServiceRevisionCleanup === 'DEFERRED'
    };
}
/** Why a service deployment did not succeed, in parts: ECS's rollback or status reason, the breaker, the alarms. */
function serviceDeploymentReasons(sd) {
    const parts = [];
    const reason = sd.rollback?.reason ?? sd.statusReason;
    if (reason)
        parts.push(reason.replace(/\.$/, ''));
    const breaker = sd.deploymentCircuitBreaker;
    if (breaker?.status === 'TRIGGERED')
        parts.push(`circuit breaker: ${breaker.failureCount ?? '?'} failed tasks, threshold ${breaker.threshold ?? '?'}`);
    const alarms = sd.alarms?.triggeredAlarmNames ?? [];
    if (alarms.length > 0)
        parts.push(`alarms in ALARM: ${alarms.join(', ')}`);
    return parts;
}
/** The one-line reason a service deployment did not succeed; undefined when ECS gives none. */
function serviceDeploymentReason(sd) {
    const parts = serviceDeploymentReasons(sd);
    return parts.length > 0 ? parts.join('; ') : undefined;
}
/** Lines for the job summary's details: the service deployment as ECS reports it. */
function serviceDeploymentDetails(sd) {
    const lines = [
        `Service deployment ${sd.serviceDeploymentArn ?? ''}: ${sd.status ?? 'no status'}${sd.statusReason ? ` (${sd.statusReason})` : ''}`
    ];
    const breaker = sd.deploymentCircuitBreaker;
    if (breaker && breaker.status !== 'DISABLED')
        lines.push(`  circuit breaker ${breaker.status ?? ''}: ${breaker.failureCount ?? 0} failed tasks of ${breaker.threshold ?? '?'} allowed`);
    const alarms = sd.alarms;
    if (alarms && alarms.status !== 'DISABLED' && (alarms.alarmNames ?? []).length > 0)
        lines.push(`  alarms ${alarms.status ?? ''}: ${(alarms.alarmNames ?? []).join(', ')}${(alarms.triggeredAlarmNames ?? []).length > 0 ? `; in ALARM: ${(alarms.triggeredAlarmNames ?? []).join(', ')}` : ''}`);
    if (sd.rollback)
        lines.push(`  rollback: ${sd.rollback.reason ?? 'no reason given'}${sd.rollback.serviceRevisionArn ? ` (service revision ${(0,arn/* shortArn */.k)(sd.rollback.serviceRevisionArn)})` : ''}`);
    return lines;
}

;// CONCATENATED MODULE: ./src/rollout/service-deployment-verdict.ts


const failed = (outcome, cause, details) => ({
    outcome,
    ok: false,
    cause,
    details,
    notes: details
});
/**
 * The verdict once the service deployment is known. `verdict` is the deployments[] view's (undefined: it goes on);
 * the answer is the verdict to give (undefined: keep following).
 */
function withServiceDeployment(request, verdict, sd) {
    const phase = phaseOf(sd.status);
    const details = serviceDeploymentDetails(sd);
    const label = (0,progress/* taskDefinitionLabel */.$7)(request.taskDefinitionArn);
    const arn = sd.serviceDeploymentArn ?? request.serviceDeploymentArn ?? '';
    const reason = serviceDeploymentReason(sd);
    const because = reason ? `: ${reason}` : '';
    if (phase === 'unknown')
        return failed('FAILED', `ECS reports status ${sd.status ?? '(none)'} for service deployment ${arn} of ${label}, which release-to-ecs does not know; ` +
            'the run does not count it as a success. Check the deployment in the ECS console.', [...(verdict?.details ?? []), ...details]);
    if (verdict?.ok) {
        // deployments[] said COMPLETED: ECS's own status must agree (still ongoing is its record catching up).
        if (phase === 'succeeded' || phase === 'ongoing')
            return verdict;
        return notSuccessful(request, phase, arn, label, because, details, verdict.details);
    }
    if (verdict)
        return enriched(verdict, phase, serviceDeploymentReasons(sd), details);
    // deployments[] sees nothing final yet; the service deployment may already know.
    if (phase === 'succeeded')
        return {
            outcome: 'COMPLETED',
            ok: true,
            cause: `Deployment ${request.deploymentId} of ${label} completed (service deployment SUCCESSFUL)`,
            details: [],
            notes: []
        };
    if (phase === 'stopped' || phase === 'rollback-failed' || phase === 'rolled-back')
        return notSuccessful(request, phase, arn, label, because, details, []);
    if (phase === 'rolling-back' && !request.followEcsRollback)
        return notSuccessful(request, phase, arn, label, because, details, []);
    return undefined;
}
function notSuccessful(request, phase, arn, label, because, details, earlier) {
    const previous = request.previousTaskDefinitionArn
        ? (0,progress/* taskDefinitionLabel */.$7)(request.previousTaskDefinitionArn)
        : 'the revision it ran before';
    const what = `Service deployment ${arn} of ${label}`;
    switch (phase) {
        case 'stopped':
            return failed('FAILED', `${what} was stopped${because}`, [...earlier, ...details]);
        case 'rolled-back':
            return {
                ...failed('ROLLED_BACK', `ECS rolled back to ${previous}. ${what} failed${because}`, [
                    ...earlier,
                    ...details
                ]),
                ...(request.previousTaskDefinitionArn
                    ? { restoredTaskDefinitionArn: request.previousTaskDefinitionArn }
                    : {})
            };
        case 'rollback-failed':
            return failed('FAILED', `${what} failed and ECS's rollback to ${previous} failed too${because}`, [
                ...earlier,
                ...details
            ]);
        default: {
            const follow = `ECS is rolling back to ${previous}; the run does not wait for it (rollback-on-failure is false). ` +
                `Follow it with: aws ecs describe-service-deployments --service-deployment-arns ${arn}`;
            return {
                ...failed('ROLLING_BACK', `${what} failed${because}. ${follow}`, [...earlier, ...details]),
                notes: [follow]
            };
        }
    }
}
/**
 * A failure the deployments[] view found, with what ECS's service deployment adds to its cause (its reason, the
 * breaker's count and threshold, the alarms), where the deployment ended or rolls back and the cause lacks it.
 */
function enriched(verdict, phase, reasons, details) {
    // A rolling back verdict ends with how to follow the rollback (its note): ECS's reason goes before that.
    const follow = verdict.outcome === 'ROLLING_BACK' ? verdict.notes[0] : undefined;
    const tail = follow && verdict.cause.endsWith(`. ${follow}`) ? `. ${follow}` : '';
    const head = verdict.cause.slice(0, verdict.cause.length - tail.length);
    // An ongoing deployment's statusReason ("in progress") explains nothing about this failure.
    // Nor does a replaced one's ("Superseded"): the cause already names what replaced it.
    const says = phase !== 'ongoing' && verdict.outcome !== 'REPLACED' && verdict.outcome !== 'SERVICE_INACTIVE';
    const added = says ? reasons.filter(part => !head.includes(part)) : [];
    const cause = added.length > 0
        ? `${head.replace(/\.$/, '')} (service deployment: ${added.join('; ')})${tail}`
        : verdict.cause;
    // deployments[] saw the rollback deployment complete, but ECS says the rollback failed: the worse one stands.
    if (verdict.outcome === 'ROLLED_BACK' && phase === 'rollback-failed') {
        const { restoredTaskDefinitionArn: _restored, ...rest } = verdict;
        return {
            ...rest,
            outcome: 'FAILED',
            cause: `${cause}; ECS reports ROLLBACK_FAILED`,
            details: [...verdict.details, ...details]
        };
    }
    return {
        ...verdict,
        cause,
        details: [...verdict.details, ...details],
        notes: [...verdict.notes, ...details]
    };
}

// EXTERNAL MODULE: ./src/rollout/tasks.ts
var rollout_tasks = __webpack_require__(691);
// EXTERNAL MODULE: ./src/deploy/facts.ts
var facts = __webpack_require__(2944);
;// CONCATENATED MODULE: ./src/rollout/verdict.ts




const DEFAULT_PLACEMENT_FAILURE_EVENTS = 5;
const DEFAULT_PLACEMENT_FAILURE_MS = 180_000;
/** How long a FAILED deployment may wait for the rollback ECS is configured to start. */
const ROLLBACK_APPEAR_MS = 30_000;
/** How long our deployment may be missing from a fresh DescribeServices (eventual consistency). */
const NOT_LISTED_GRACE_MS = 10_000;
function initialState(request, now) {
    return {
        startedAt: now,
        following: { deploymentId: request.deploymentId, taskDefinitionArn: request.taskDefinitionArn },
        seenOurs: false,
        rollbackEventSeen: false,
        placementEvents: 0,
        lastRunning: 0,
        recentEvents: []
    };
}
const PLACEMENT = /unable to place a task/i;
const ROLLBACK = /rolling back to deployment/i;
const FAILED_EVENT = /\(deployment (\S+)\) (deployment failed: .*)$/;
/** Folds this look's events into what the decision remembers. */
function remember(state, obs, ours, deploymentId) {
    const next = { ...state, recentEvents: [...state.recentEvents, ...obs.fresh].slice(-5) };
    for (const e of obs.fresh) {
        const message = e.message ?? '';
        if (ROLLBACK.test(message))
            next.rollbackEventSeen = true;
        const failed = FAILED_EVENT.exec(message);
        if (failed && failed[1] === deploymentId)
            next.failureEvent ??= failed[2];
        if (PLACEMENT.test(message)) {
            next.placementEvents++;
            next.firstPlacementAt ??= obs.now;
            next.lastPlacementMessage = message;
        }
        if (!next.healthCheckMessage && (0,explain/* isHealthCheckFailure */.lM)(message))
            next.healthCheckMessage = message;
    }
    if (ours) {
        next.seenOurs = true;
        const running = ours.runningCount ?? 0;
        // A task of ours started running: whatever blocked placement has cleared.
        if (running > state.lastRunning) {
            next.placementEvents = 0;
            next.firstPlacementAt = undefined;
        }
        next.lastRunning = running;
        if (ours.rolloutState === 'FAILED')
            next.failedSeenAt ??= obs.now;
    }
    return next;
}
/** The most useful one-line reason our tasks failed, if there is one. */
function taskExplanation(request, state, obs) {
    return ((0,explain/* explainStoppedTasks */.zb)(obs.stoppedTasks, request.taskDefinitionArn, obs.taskDefinition) ??
        (state.healthCheckMessage
            ? `Tasks of ${(0,progress/* taskDefinitionLabel */.$7)(request.taskDefinitionArn)} failed health checks: ${state.healthCheckMessage}`
            : undefined));
}
function taskDetails(obs) {
    const latest = [...obs.stoppedTasks]
        .sort((a, b) => (a.stoppedAt?.getTime() ?? 0) - (b.stoppedAt?.getTime() ?? 0))
        .slice(-3);
    const lines = latest.flatMap(explain/* formatStoppedTask */.o_);
    if (obs.stoppedTaskCount > latest.length)
        lines.push(`(${obs.stoppedTaskCount} tasks of this deployment stopped in all)`);
    return lines;
}
function eventDetails(state) {
    return state.recentEvents.length > 0
        ? ['Last service events:', ...state.recentEvents.map(e => `  ${(0,progress/* formatEvent */.qF)(e)}`)]
        : [];
}
/** Why our deployment failed, with ECS's own reason in parentheses when tasks tell more. */
function ourFailure(request, state, obs, ours) {
    const what = `Deployment ${request.deploymentId} of ${(0,progress/* taskDefinitionLabel */.$7)(request.taskDefinitionArn)} failed`;
    // A failed deployment without tasks leaves the list quickly; ECS's event still says why.
    const stated = ours?.rolloutState === 'FAILED' || /circuit breaker/i.test(ours?.rolloutStateReason ?? '');
    const reason = (stated ? ours?.rolloutStateReason : undefined) ?? state.failureEvent;
    const tasks = taskExplanation(request, state, obs);
    if (tasks)
        return `${what}: ${tasks}${reason ? ` (ECS: ${reason})` : ''}`;
    return `${what}${reason ? `: ${reason}` : ''}`;
}
function fail(outcome, cause, details, notes = []) {
    return { outcome, ok: false, cause, details, notes };
}
/**
 * ECS's circuit breaker failed our deployment and rolls back, and the run does not wait for that: it fails now,
 * naming where ECS goes back to (its rollback deployment when listed, else the revision the service ran before).
 */
function rollingBack(request, failure, restoring, rollbackDeploymentId, details) {
    const to = restoring ? (0,progress/* taskDefinitionLabel */.$7)(restoring) : 'the last completed task definition';
    const deployment = rollbackDeploymentId ? ` (deployment ${rollbackDeploymentId})` : '';
    const command = request.serviceDeploymentArn
        ? `aws ecs describe-service-deployments --service-deployment-arns ${request.serviceDeploymentArn}`
        : `aws ecs describe-services --cluster ${request.cluster} --services ${request.service} ` +
            '--query "services[0].deployments"';
    const follow = `ECS is rolling back to ${to}${deployment}; the run does not wait for it (rollback-on-failure is false). ` +
        `Follow it with: ${command}`;
    return fail('ROLLING_BACK', `${failure}. ${follow}`, details, [follow]);
}
function decide(request, previous, obs) {
    const service = obs.service;
    const all = service?.deployments ?? [];
    const ours = all.find(d => d.id === request.deploymentId);
    let state = remember(previous, obs, ours, request.deploymentId);
    const label = (0,progress/* taskDefinitionLabel */.$7)(request.taskDefinitionArn);
    if (!service || (service.status && service.status !== 'ACTIVE')) {
        const status = service ? `is ${service.status}` : 'was not found';
        return {
            state,
            verdict: fail('SERVICE_INACTIVE', `Service ${request.service} ${status} in cluster ${request.cluster} while deployment ${request.deploymentId} rolled out: ` +
                'it was deleted or is being deleted. Check the service in the ECS console.', eventDetails(state))
        };
    }
    const primary = all.find(d => d.status === 'PRIMARY');
    const stateLine = ours ? [`Deployment ${request.deploymentId}: ${(0,progress/* deploymentState */.DY)(ours)}`] : [];
    const details = () => [...stateLine, ...taskDetails(obs), ...eventDetails(state)];
    if (!state.ecsRollback) {
        if (ours && (0,facts/* isDeploymentDone */.Y)(ours, all))
            return {
                state,
                verdict: {
                    outcome: 'COMPLETED',
                    ok: true,
                    cause: `Deployment ${request.deploymentId} of ${label} completed`,
                    details: [],
                    notes: []
                }
            };
        const otherPrimary = primary && primary.id !== request.deploymentId ? primary : undefined;
        const failed = ours?.rolloutState === 'FAILED';
        const rolledBack = otherPrimary &&
            (failed || state.rollbackEventSeen || /circuit breaker/i.test(ours?.rolloutStateReason ?? ''));
        if (rolledBack) {
            // ECS rolled back: follow its rollback deployment to the end rather than starting another, or, unless asked to
            // wait for it, fail now: the red X should not wait for ECS's rollback.
            state = {
                ...state,
                following: {
                    deploymentId: otherPrimary.id ?? '',
                    taskDefinitionArn: otherPrimary.taskDefinition ?? ''
                },
                ecsRollback: {
                    failedDeploymentId: request.deploymentId,
                    failure: ourFailure(request, state, obs, ours)
                }
            };
            if (!request.followEcsRollback)
                return {
                    state,
                    verdict: rollingBack(request, state.ecsRollback.failure, otherPrimary.taskDefinition, otherPrimary.id, [...taskDetails(obs), ...eventDetails(state)])
                };
        }
        else if (failed) {
            const rollbackComing = service.deploymentConfiguration?.deploymentCircuitBreaker?.rollback === true;
            if (rollbackComing && !request.followEcsRollback)
                return {
                    state,
                    verdict: rollingBack(request, ourFailure(request, state, obs, ours), request.previousTaskDefinitionArn, undefined, details())
                };
            if (rollbackComing && obs.now - (state.failedSeenAt ?? obs.now) < ROLLBACK_APPEAR_MS)
                return { state };
            return { state, verdict: fail('FAILED', ourFailure(request, state, obs, ours), details(), stateLine) };
        }
        else if (otherPrimary) {
            return {
                state,
                verdict: fail('REPLACED', `Deployment ${request.deploymentId} of ${label} was replaced by deployment ${otherPrimary.id} of ` +
                    `${(0,progress/* taskDefinitionLabel */.$7)(otherPrimary.taskDefinition)}, started outside this run. ` +
                    'Find out who deployed (service events, CloudTrail UpdateService) and re-run when the service is yours.', details(), stateLine)
            };
        }
        else if (!ours) {
            if (!state.seenOurs && obs.now - state.startedAt < NOT_LISTED_GRACE_MS)
                return { state };
            return {
                state,
                verdict: fail('FAILED', `Deployment ${request.deploymentId} is no longer listed on service ${request.service} and no other deployment took its place; check the service's events.`, eventDetails(state))
            };
        }
        else {
            if (request.maxTaskFailures > 0 && obs.stoppedTaskCount >= request.maxTaskFailures) {
                const why = taskExplanation(request, state, obs) ?? `Tasks of ${label} stopped`;
                return {
                    state,
                    verdict: fail('FAILED', `${obs.stoppedTaskCount} tasks of ${label} stopped (max-task-failures is ${request.maxTaskFailures}): ${why}`, details(), stateLine)
                };
            }
            const maxEvents = request.placementFailureEvents ?? DEFAULT_PLACEMENT_FAILURE_EVENTS;
            const maxMs = request.placementFailureMs ?? DEFAULT_PLACEMENT_FAILURE_MS;
            if (state.placementEvents >= maxEvents ||
                (state.firstPlacementAt !== undefined && obs.now - state.firstPlacementAt >= maxMs)) {
                const hints = [
                    `${state.placementEvents} "unable to place a task" events since ${(0,duration/* formatDuration */.a)(obs.now - (state.firstPlacementAt ?? obs.now))} ago.`,
                    "Check the cluster's capacity (container instances, capacity providers, subnets) and the task's cpu, memory, ports and placement constraints."
                ];
                return {
                    state,
                    verdict: fail('FAILED', `ECS could not place tasks of ${label} (a capacity problem): ${state.lastPlacementMessage ?? 'unable to place a task'}`, [...hints, ...details()], [...hints, ...stateLine])
                };
            }
        }
    }
    if (state.ecsRollback) {
        const rollback = all.find(d => d.id === state.following.deploymentId);
        const restored = (0,progress/* taskDefinitionLabel */.$7)(state.following.taskDefinitionArn);
        const failure = state.ecsRollback.failure;
        if (rollback && (0,facts/* isDeploymentDone */.Y)(rollback, all))
            return {
                state,
                verdict: {
                    outcome: 'ROLLED_BACK',
                    ok: false,
                    cause: `ECS rolled back to ${restored} (deployment ${rollback.id} completed). ${failure}`,
                    details: [...taskDetails(obs), ...eventDetails(state)],
                    notes: [],
                    restoredTaskDefinitionArn: state.following.taskDefinitionArn
                }
            };
        if (rollback?.rolloutState === 'FAILED')
            return {
                state,
                verdict: fail('FAILED', `${failure}; ECS's rollback to ${restored} failed too: ${rollback.rolloutStateReason ?? 'no reason given'}`, [...taskDetails(obs), ...eventDetails(state)])
            };
        if (!rollback || rollback.status !== 'PRIMARY')
            return {
                state,
                verdict: fail('FAILED', `${failure}; ECS's rollback deployment ${state.following.deploymentId} to ${restored} was replaced by ${primary?.id ?? 'nothing'} before it completed.`, eventDetails(state))
            };
    }
    if (obs.now - state.startedAt >= request.timeoutMs) {
        const followed = all.find(d => d.id === state.following.deploymentId);
        const recent = state.recentEvents.slice(-3).map(progress/* formatEvent */.qF);
        const which = state.ecsRollback
            ? `ECS's rollback to ${(0,progress/* taskDefinitionLabel */.$7)(state.following.taskDefinitionArn)} (deployment ${state.following.deploymentId}, after ${request.deploymentId} failed)`
            : `The rollout of ${label} (deployment ${request.deploymentId})`;
        return {
            state,
            verdict: fail('TIMED_OUT', `${which} did not finish within ${(0,duration/* formatDuration */.a)(request.timeoutMs)}: ${(0,progress/* deploymentState */.DY)(followed)}` +
                (recent.length > 0 ? `; last events: ${recent.join(' / ')}` : '; ECS wrote no events') +
                '. Raise wait-for-minutes if the service needs longer to start.', details(), stateLine)
        };
    }
    return { state };
}

;// CONCATENATED MODULE: ./src/rollout/watch.ts











/** Stopped tasks shown in full (reason, containers, log tail); later ones get one line each. */
const TASKS_IN_FULL = 5;
/** The AWS error under our rewording (AwsCallError keeps it as `cause`). */
function innermost(error) {
    return error?.cause ?? error;
}
/** A line at least this often while nothing changes. */
const HEARTBEAT_MS = 30_000;
/**
 * The service deployment is read on a transition the deployments[] view shows (our rollout state changes, ECS rolls
 * back, a verdict is due) and otherwise at most this often: its status, rollback reason and circuit breaker counts
 * without doubling the calls.
 */
const SERVICE_DEPLOYMENT_EVERY_MS = 30_000;
/** Events before our deployment existed are history; without its createdAt, allow a little clock skew. */
const EVENT_SKEW_MS = 10_000;
async function watchRollout(request, deps) {
    const { source, clock, logger } = deps;
    const random = deps.random ?? Math.random;
    const start = clock.now();
    const deadline = start + request.timeoutMs;
    const tasks = new rollout_tasks/* StoppedTasks */.y(request, deps);
    const seen = new Set();
    const events = [];
    let state = initialState(request, start);
    let since;
    let polls = 0;
    let throttled = 0;
    let lastService;
    let lastFollowed;
    let lastLine = '';
    let lastPrintAt = start;
    let healthWarned = false;
    // When old tasks finish draining: the service's deregistration delay, learned on the first look.
    let drainDelayMs;
    let drainDelayAsked = false;
    let forecast = {};
    let forecastFor = '';
    let previousLookAt;
    const startedTaskIds = new Set();
    // The service deployment (ListServiceDeployments / DescribeServiceDeployments), where the service has one.
    let serviceDeploymentCalls = 0;
    let serviceDeploymentAt = start;
    let serviceDeploymentReadable = !!request.serviceDeploymentArn && !!source.describeServiceDeployments;
    let lastTransition;
    const say = (line) => {
        logger.info(line);
        lastPrintAt = clock.now();
    };
    const followed = () => lastService?.deployments?.find(d => d.id === state.following.deploymentId);
    const heartbeat = () => say(`Still waiting after ${(0,duration/* formatDuration */.a)(clock.now() - start)}: ${state.following.deploymentId} ${(0,progress/* deploymentState */.DY)(followed())}`);
    // Sleeps, speaking up every HEARTBEAT_MS of silence.
    const pause = async (ms) => {
        const until = clock.now() + ms;
        while (clock.now() < until) {
            const beatAt = lastPrintAt + HEARTBEAT_MS;
            if (beatAt <= clock.now())
                heartbeat();
            else
                await clock.sleep(Math.min(until, beatAt) - clock.now());
        }
    };
    const healthCallout = (text) => {
        if (healthWarned)
            return;
        healthWarned = true;
        logger.warning(`Health checks are failing for tasks of ${(0,progress/* taskDefinitionLabel */.$7)(request.taskDefinitionArn)}: ${text}`, {
            title: 'Health checks failing'
        });
    };
    let tasksShown = 0;
    const showTasks = (reports) => {
        for (const report of reports) {
            // The first few in full (with logs); a crash loop after that gets a line per task.
            if (tasksShown++ < TASKS_IN_FULL)
                for (const line of (0,explain/* formatStoppedTask */.o_)(report))
                    say(line);
            else
                say((0,explain/* summarizeStoppedTask */.SD)(report));
            if ((0,explain/* isHealthCheckFailure */.lM)(report.stoppedReason))
                healthCallout(report.stoppedReason ?? '');
        }
    };
    const observe = (now, service, fresh) => ({
        now,
        service,
        fresh,
        stoppedTaskCount: tasks.count,
        stoppedTasks: tasks.reports,
        taskDefinition: tasks.definition
    });
    const finish = (verdict) => {
        if (verdict.ok)
            say(`Deployment ${request.deploymentId} of ${(0,progress/* taskDefinitionLabel */.$7)(request.taskDefinitionArn)} completed in ${(0,duration/* formatDuration */.a)(clock.now() - start)}`);
        else {
            say(`Rollout ${verdict.outcome}: ${verdict.cause}`);
            // Events and stopped tasks were shown as they came; add only the final counts and hints.
            for (const line of verdict.notes)
                say(line);
        }
        const { outcome, ok, cause, details, restoredTaskDefinitionArn } = verdict;
        return {
            outcome,
            ok,
            cause,
            details,
            ...(restoredTaskDefinitionArn ? { restoredTaskDefinitionArn } : {}),
            events,
            stoppedTasks: tasks.reports,
            finishedAt: clock.now(),
            polls,
            ...(serviceDeploymentCalls > 0 ? { serviceDeploymentCalls } : {})
        };
    };
    /** This run's service deployment as ECS reports it now; undefined when it cannot be read. */
    const readServiceDeployment = async () => {
        if (!serviceDeploymentReadable || !request.serviceDeploymentArn || !source.describeServiceDeployments)
            return;
        serviceDeploymentAt = clock.now();
        try {
            serviceDeploymentCalls++;
            return (await source.describeServiceDeployments([request.serviceDeploymentArn]))[0];
        }
        catch (e) {
            if ((0,cadence/* isRetryable */.r3)(e))
                return undefined;
            serviceDeploymentReadable = false;
            say(`Could not read service deployment ${request.serviceDeploymentArn} (${(0,errors/* describeAwsError */.Pp)(innermost(e))}); ` +
                "following through DescribeServices only. Allow ecs:DescribeServiceDeployments to get ECS's own status and reasons.");
            return undefined;
        }
    };
    say(`Following ${request.earlier ? "ECS's rollback of deployment" : 'deployment'} ${request.deploymentId} of ${(0,progress/* taskDefinitionLabel */.$7)(request.taskDefinitionArn)} on service ${request.service} ` +
        `(up to ${(0,duration/* formatDuration */.a)(request.timeoutMs)}${request.maxTaskFailures > 0 ? `, at most ${request.maxTaskFailures} stopped tasks` : ''})`);
    for (;;) {
        let service;
        const lookAt = clock.now();
        try {
            polls++;
            service = await source.describeService(request.cluster, request.service);
            throttled = 0;
        }
        catch (e) {
            if (!(0,cadence/* isRetryable */.r3)(e))
                throw e;
            throttled++;
            if (clock.now() >= deadline)
                return finish((lastService && decide(request, state, observe(clock.now(), lastService, [])).verdict) ||
                    timeoutFallback());
            const delay = (0,cadence/* nextPollDelay */.qC)({
                elapsedMs: clock.now() - start,
                polls,
                moving: false,
                nearDone: false,
                throttled,
                random: random()
            });
            if (throttled === 1 || throttled % 5 === 0)
                say(`ECS did not answer DescribeServices (${(0,errors/* describeAwsError */.Pp)(innermost(e))}); looking again in ${(delay / 1000).toFixed(1)}s`);
            await pause(Math.min(delay, deadline - clock.now()));
            continue;
        }
        lastService = service;
        if (!drainDelayAsked) {
            drainDelayAsked = true;
            drainDelayMs = await readDrainDelay(service);
        }
        const now = clock.now();
        since ??=
            request.earlier?.eventsSince ??
                service?.deployments?.find(d => d.id === request.deploymentId)?.createdAt?.getTime() ??
                start - EVENT_SKEW_MS;
        const fresh = (0,progress/* freshEvents */.M0)(service?.events, seen, since);
        if ((0,progress/* eventsMayBeMissing */.kj)(service?.events, seen, fresh.length))
            say('(ECS wrote more than 100 events since the last look; some are not shown)');
        for (const event of fresh) {
            seen.add((0,progress/* eventKey */.Mk)(event));
            events.push({ createdAt: event.createdAt ?? new Date(now), message: event.message ?? '' });
            say((0,progress/* formatEvent */.qF)(event));
            if ((0,explain/* isHealthCheckFailure */.lM)(event.message))
                healthCallout(event.message ?? '');
        }
        const current = service?.deployments?.find(d => d.id === state.following.deploymentId);
        const line = (0,progress/* progressLine */.oz)(service?.deployments, state.following.deploymentId, state.following.taskDefinitionArn, state.ecsRollback ? 'rollback' : 'new', circuitBreakerThreshold(current?.desiredCount ?? 0, service?.deploymentConfiguration?.deploymentCircuitBreaker));
        if (line !== lastLine)
            say((lastLine = line));
        let listed = false;
        const listTasks = async () => {
            listed = true;
            showTasks(await tasks.refresh());
        };
        const messages = fresh.map(e => e.message ?? '');
        for (const id of messages.flatMap(progress/* startedTaskIdsIn */.Ww))
            startedTaskIds.add(id);
        if (!state.ecsRollback &&
            (0,cadence/* shouldListStoppedTasks */.no)(lastFollowed, current, messages, now - tasks.lastListAt, tasks.undescribed, startedTaskIds))
            await listTasks();
        let decision = decide(request, state, observe(clock.now(), service, fresh));
        // Stopped tasks explain a failure or a timeout; a replaced deployment or a deleted service needs no explaining.
        const explainable = ['FAILED', 'ROLLING_BACK', 'TIMED_OUT'].includes(decision.verdict?.outcome ?? '');
        const turnedBad = explainable || (!!decision.state.ecsRollback && !state.ecsRollback);
        if (turnedBad && !listed && !state.ecsRollback) {
            // Explain before judging: the last stopped tasks may not have been listed yet.
            await listTasks();
            decision = decide(request, state, observe(clock.now(), service, fresh));
        }
        if (decision.state.ecsRollback && !state.ecsRollback && !decision.verdict) {
            say(`ECS is rolling back to ${(0,progress/* taskDefinitionLabel */.$7)(decision.state.following.taskDefinitionArn)} (deployment ${decision.state.following.deploymentId}): ${decision.state.ecsRollback.failure}`);
            say('Following the rollback to its end.');
        }
        // The service deployment where ECS is authoritative: on a transition, before a verdict, and now and then.
        const transition = `${current?.rolloutState ?? 'none'}/${current?.status ?? ''}/${decision.state.following.deploymentId}`;
        const changed = lastTransition !== undefined && transition !== lastTransition;
        lastTransition = transition;
        const due = decision.verdict !== undefined ||
            changed ||
            clock.now() - serviceDeploymentAt >= SERVICE_DEPLOYMENT_EVERY_MS;
        const serviceDeployment = due ? await readServiceDeployment() : undefined;
        if (serviceDeployment)
            decision = { ...decision, verdict: withServiceDeployment(request, decision.verdict, serviceDeployment) };
        state = decision.state;
        if (decision.verdict)
            return finish(decision.verdict);
        const focus = service?.deployments?.find(d => d.id === state.following.deploymentId);
        const oldRunning = (0,drain/* oldRunningCount */.q6)(service?.deployments, state.following.deploymentId);
        const early = state.ecsRollback ? undefined : earlySuccessOf(service, focus?.desiredCount ?? 0);
        const hints = (0,cadence/* pollHints */.U2)(lastFollowed, focus, fresh.length, oldRunning, early);
        lastFollowed = focus;
        const delay = (0,cadence/* nextPollDelay */.qC)({
            elapsedMs: clock.now() - start,
            polls,
            ...hints,
            // With DEFERRED cleanup the end does not wait for the old tasks' drain.
            untilEarliestEndMs: early?.deferredCleanup
                ? undefined
                : untilEarliestEnd(service, lookAt, messages.some(progress/* saysTasksStopped */.Yw)),
            throttled: 0,
            random: random()
        });
        previousLookAt = lookAt;
        await pause(Math.min(delay, Math.max(0, deadline - clock.now())));
    }
    /** The longest deregistration delay of the service's target groups; undefined without any, or unreadable. */
    async function readDrainDelay(service) {
        const arns = (0,drain/* targetGroupArns */.PQ)(service);
        if (arns.length === 0 || !deps.targetGroups)
            return undefined;
        try {
            let seconds = 0;
            for (const arn of arns)
                seconds = Math.max(seconds, await deps.targetGroups.deregistrationDelaySeconds(arn));
            say(`Old tasks drain for ${(0,duration/* formatDuration */.a)(seconds * 1000)} before they stop (deregistration delay of ${arns.map(arn/* targetGroupName */.I).join(', ')})`);
            return seconds * 1000;
        }
        catch (e) {
            say(`Could not read the target groups' deregistration delay (${(0,errors/* describeAwsError */.Pp)(innermost(e))}); ` +
                'following without it, with more DescribeServices calls. Allow elasticloadbalancing:DescribeTargetGroupAttributes to avoid that.');
            return undefined;
        }
    }
    /** Milliseconds until the followed deployment can complete at the earliest (0: any moment); undefined: no forecast. */
    function untilEarliestEnd(service, lookAt, tasksStopped) {
        if (drainDelayMs === undefined)
            return undefined;
        const followedId = state.following.deploymentId;
        // A new deployment to follow (ECS rolling back) starts a new forecast.
        if (forecastFor !== followedId)
            [forecast, forecastFor] = [{}, followedId];
        forecast = (0,drain/* updateForecast */.Df)(forecast, service?.deployments, followedId, previousLookAt ?? lookAt, drainDelayMs, tasksStopped);
        const now = clock.now();
        const end = (0,drain/* earliestEnd */.Tv)(forecast, service?.deployments, followedId, now, drainDelayMs);
        return end === undefined ? 0 : Math.max(0, end - now);
    }
    function timeoutFallback() {
        return {
            outcome: 'TIMED_OUT',
            ok: false,
            cause: `The rollout of ${(0,progress/* taskDefinitionLabel */.$7)(request.taskDefinitionArn)} could not be followed within ${(0,duration/* formatDuration */.a)(request.timeoutMs)}: ECS kept refusing DescribeServices.`,
            details: [],
            notes: []
        };
    }
}


/***/ })

};
