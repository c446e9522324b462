export const id = 180;
export const ids = [180];
export const modules = {

/***/ 3180:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  CODEDEPLOY_LABEL: () => (/* reexport */ codedeploy_names/* CODEDEPLOY_LABEL */.W7),
  CodeDeployError: () => (/* reexport */ codedeploy_names/* CodeDeployError */.Bx),
  activeDeploymentIn: () => (/* binding */ activeDeploymentIn),
  appSpecContent: () => (/* binding */ appSpecContent),
  createCodeDeployPath: () => (/* binding */ createCodeDeployPath),
  earlierAttempt: () => (/* binding */ earlierAttempt)
});

// EXTERNAL MODULE: ./src/aws/arn.ts
var arn = __webpack_require__(1626);
// EXTERNAL MODULE: ./src/aws/errors.ts
var errors = __webpack_require__(9378);
// EXTERNAL MODULE: ./src/duration.ts
var duration = __webpack_require__(7607);
// EXTERNAL MODULE: ./src/rollout/progress.ts
var progress = __webpack_require__(9778);
;// CONCATENATED MODULE: ./src/rollout/codedeploy-progress.ts


/** The command that continues a deployment waiting in Ready. */
function continueCommand(id) {
    return `aws deploy continue-deployment --deployment-id ${id} --deployment-wait-type READY_WAIT`;
}
const followCommand = (id) => `aws deploy get-deployment --deployment-id ${id}`;
/** "Install: Succeeded (12s)"; with CodeDeploy's diagnostics of a failed hook when it gives them. */
function lifecycleEventLine(event) {
    const took = event.startTime && event.endTime
        ? ` (${(0,duration/* formatDuration */.a)(event.endTime.getTime() - event.startTime.getTime())})`
        : '';
    const why = event.diagnostics?.message ? `: ${event.diagnostics.message}` : '';
    return `  ${event.lifecycleEventName ?? 'lifecycle event'}: ${event.status ?? 'Unknown'}${took}${why}`;
}
function taskSetPart(set) {
    const label = (set.taskSetLabel ?? 'task set').toLowerCase();
    const counts = `${set.runningCount ?? 0}/${set.desiredCount ?? 0} running${(set.pendingCount ?? 0) > 0 ? `, ${set.pendingCount} pending` : ''}`;
    return `${label} ${set.identifer ?? ''} ${set.trafficWeight ?? 0} % traffic, ${counts}${set.status ? ` (${set.status})` : ''}`.replace(/ {2,}/g, ' ');
}
/** One line for the task sets: traffic weights and counts, blue first. */
function taskSetsLine(target) {
    const sets = [...(target?.taskSetsInfo ?? [])].sort((a, b) => (a.taskSetLabel ?? '').localeCompare(b.taskSetLabel ?? ''));
    return sets.length > 0 ? `Task sets: ${sets.map(taskSetPart).join(' | ')}` : '';
}
/** Where the traffic is, in a phrase, for failures. */
function trafficPhrase(target) {
    const sets = target?.taskSetsInfo ?? [];
    if (sets.length === 0)
        return '';
    return ` Traffic when it ended: ${sets.map(s => `${(s.taskSetLabel ?? 'task set').toLowerCase()} ${s.trafficWeight ?? 0} %`).join(', ')}.`;
}
/** The replacement (Green) task set's id, whose tasks carry it as startedBy. */
function replacementTaskSetId(target) {
    return target?.taskSetsInfo?.find(s => s.taskSetLabel === 'Green')?.identifer;
}
function currentEvent(target) {
    const events = target?.lifecycleEvents ?? [];
    return events.find(e => e.status === 'InProgress') ?? events.find(e => e.status === 'Failed');
}
function failedEvent(target) {
    return (target?.lifecycleEvents ?? []).find(e => e.status === 'Failed');
}
const STATUS_NOTES = {
    Created: () => 'created; CodeDeploy starts it shortly',
    Queued: () => 'queued behind another deployment',
    InProgress: () => 'in progress',
    Baking: r => `baking: all production traffic is on the replacement task set; CodeDeploy terminates the original one after the termination wait (${r.terminationWaitMinutes} min) and then reports Succeeded`,
    Ready: r => `ready: the replacement task set runs and waits for ContinueDeployment before production traffic is rerouted${r.readyWaitMinutes !== undefined ? ` (the group stops the deployment after ${r.readyWaitMinutes} min)` : ''}`,
    Succeeded: () => 'succeeded',
    Failed: () => 'failed',
    Stopped: () => 'stopped'
};
/** What a failed or stopped deployment says: its error, the failed lifecycle event, why its tasks stopped. */
function failureOf(request, look, status) {
    const info = look.info;
    const id = info?.deploymentId ?? request.deploymentId;
    const error = info?.errorInformation;
    const event = failedEvent(look.target);
    const parts = [
        `CodeDeploy deployment ${id} of ${(0,progress/* taskDefinitionLabel */.$7)(request.taskDefinitionArn)} ${status === 'Stopped' ? 'was stopped' : 'failed'}`
    ];
    if (error?.code || error?.message)
        parts.push(`: ${[error.code, error.message].filter(Boolean).join(': ')}`);
    if (event)
        parts.push(` (lifecycle event ${event.lifecycleEventName} ${event.status}${event.diagnostics?.message ? `: ${event.diagnostics.message}` : ''})`);
    if (look.taskExplanation)
        parts.push(`. ${look.taskExplanation}`);
    return parts.join('').replace(/\.\s*\./g, '.');
}
/** Progress lines for what changed since the last look, and the state that remembers it. */
function codeDeployProgress(request, previous, look) {
    const lines = [];
    const state = { ...previous, events: { ...previous.events } };
    const status = look.info?.status;
    const id = state.following;
    if (status && status !== previous.status) {
        const note = STATUS_NOTES[status]?.(request) ?? 'a status release-to-ecs does not know';
        lines.push(`CodeDeploy deployment ${id}${state.rollback ? ' (rollback)' : ''}: ${status} (${note})`);
        state.status = status;
    }
    for (const event of look.target?.lifecycleEvents ?? []) {
        const name = event.lifecycleEventName ?? '';
        const eventStatus = event.status ?? 'Unknown';
        if (state.events[name] === eventStatus)
            continue;
        // Pending is where every event starts: say nothing until it moves.
        if (state.events[name] !== undefined || eventStatus !== 'Pending')
            lines.push(lifecycleEventLine(event));
        state.events[name] = eventStatus;
    }
    const sets = taskSetsLine(look.target);
    if (sets && sets !== previous.taskSets) {
        lines.push(sets);
        state.taskSets = sets;
    }
    return { state, lines };
}
/** The deployment as the job summary shows it: lifecycle events with status and times, task sets with their weights. */
function codeDeployTimeline(deploymentId, info, target, rollbackOf) {
    return {
        deploymentId,
        ...(rollbackOf ? { rollbackOf } : {}),
        ...(info?.status ? { status: info.status } : {}),
        lifecycleEvents: (target?.lifecycleEvents ?? []).map(e => ({
            name: e.lifecycleEventName ?? 'lifecycle event',
            status: e.status ?? 'Unknown',
            ...(e.startTime ? { startedAt: e.startTime.getTime() } : {}),
            ...(e.endTime ? { endedAt: e.endTime.getTime() } : {}),
            ...(e.diagnostics?.message ? { message: e.diagnostics.message } : {})
        })),
        taskSets: [...(target?.taskSetsInfo ?? [])]
            .sort((a, b) => (a.taskSetLabel ?? '').localeCompare(b.taskSetLabel ?? ''))
            .map(set => ({
            label: set.taskSetLabel ?? 'task set',
            ...(set.identifer ? { id: set.identifer } : {}),
            trafficWeight: set.trafficWeight ?? 0,
            running: set.runningCount ?? 0,
            desired: set.desiredCount ?? 0,
            ...(set.status ? { status: set.status } : {})
        }))
    };
}
/** The deployments two watches followed, each once (the later look wins), in the order first followed. */
function mergeTimelines(a, b) {
    const byId = new Map();
    for (const t of [...(a ?? []), ...(b ?? [])])
        byId.set(t.deploymentId, t);
    return [...byId.values()];
}

// EXTERNAL MODULE: ./src/rollout/service-events.ts
var service_events = __webpack_require__(6302);
// EXTERNAL MODULE: ./src/rollout/cadence.ts
var cadence = __webpack_require__(8042);
// EXTERNAL MODULE: ./src/rollout/attention.ts
var attention = __webpack_require__(8503);
;// CONCATENATED MODULE: ./src/rollout/codedeploy-cadence.ts

/** Every second at first (a bad AppSpec or image fails within seconds)... */
const CODEDEPLOY_FAST_PHASE_MS = 20_000;
const CODEDEPLOY_FAST_MS = 1_000;
// ...then attention follows change, as on ECS's own strategies (attention.ts): a change of the deployment or of its
// lifecycle events and task sets counts.
/**
 * Baking lasts the group's termination wait, whose end is known (reckoned from the look before the first that saw
 * Baking, so CodeDeploy ends it then or later): a look every second from that end until 10 s after it (terminating
 * the original task set takes CodeDeploy a moment), so Succeeded is seen within a second.
 */
const CODEDEPLOY_NEAR_MS = 1_000;
const CODEDEPLOY_PAST_END_MS = 10_000;
/** GetDeploymentTarget (lifecycle events, task sets) when the deployment's info changes, else at most this often... */
const TARGET_EVERY_MS = 10_000;
/** ...in a status that lasts (Baking, Ready, Created, Queued), where the lifecycle events stand still... */
const TARGET_WAITING_EVERY_MS = 30_000;
/** ...and when quiet for two minutes: a change shows in GetDeployment first, which reads the target at once. */
const TARGET_QUIET_EVERY_MS = 60_000;
const LASTING = ['Baking', 'Ready', 'Created', 'Queued'];
/** Milliseconds to the next GetDeployment. */
function nextCodeDeployLook(input) {
    const { now } = input;
    if (input.elapsedMs < CODEDEPLOY_FAST_PHASE_MS)
        return CODEDEPLOY_FAST_MS;
    const pace = (0,attention/* waitPace */.Vv)(input.sinceChangeMs);
    if (input.status !== 'Baking' || input.bakeStartedAt === undefined)
        return pace;
    const endsAt = input.bakeStartedAt + input.terminationWaitMinutes * 60_000;
    if (now > endsAt + CODEDEPLOY_PAST_END_MS)
        return pace;
    if (now >= endsAt)
        return CODEDEPLOY_NEAR_MS;
    // The last wait before the end is shorter, so a look lands on it.
    return Math.min(pace, endsAt - now);
}
/** What of GetDeployment's answer says the deployment moved: a new key reads the deployment target at once. */
function deploymentInfoKey(info) {
    if (!info)
        return '';
    return JSON.stringify([
        info.status,
        info.deploymentOverview,
        info.errorInformation,
        info.rollbackInfo,
        info.instanceTerminationWaitTimeStarted,
        info.deploymentStatusMessages
    ]);
}
/** What of GetDeploymentTarget's answer says the deployment moved: its lifecycle events and task sets. */
function deploymentTargetKey(target) {
    if (!target)
        return '';
    return JSON.stringify([
        target.status,
        target.lifecycleEvents?.map(e => [e.lifecycleEventName, e.status]),
        target.taskSetsInfo?.map(t => [t.identifer, t.status, t.trafficWeight, t.desiredCount, t.runningCount])
    ]);
}
/** Whether this look reads GetDeploymentTarget: when the info changed, at the end, or after a while. */
function shouldReadTarget(input) {
    if (input.infoChanged || input.final)
        return true;
    let every = TARGET_EVERY_MS;
    if (LASTING.includes(input.status))
        every = TARGET_WAITING_EVERY_MS;
    if (input.quiet)
        every = TARGET_QUIET_EVERY_MS;
    return input.msSinceTargetRead >= every;
}

;// CONCATENATED MODULE: ./src/rollout/codedeploy-types.ts
const KNOWN_STATUSES = (/* unused pure expression or super */ null && ([
    'Created',
    'Queued',
    'InProgress',
    'Baking',
    'Ready',
    'Succeeded',
    'Failed',
    'Stopped'
]));
function initialCodeDeployState(request, now) {
    return {
        startedAt: now,
        following: request.deploymentId,
        events: {},
        taskSets: '',
        readyAnnounced: false,
        continued: false
    };
}

;// CONCATENATED MODULE: ./src/rollout/codedeploy-verdict.ts
// Following a CodeDeploy blue/green deployment of an ECS service: one pure decision per look at GetDeployment and
// GetDeploymentTarget. Every deployment status is handled; an unknown one is reported and never taken for success.



/** How long a Failed deployment may wait for the rollback its group's automatic rollback starts. */
const CODEDEPLOY_ROLLBACK_APPEAR_MS = 30_000;
/** How long a deployment just created may be missing from GetDeployment. */
const CODEDEPLOY_NOT_FOUND_GRACE_MS = 10_000;
const done = (state, verdict, lines) => ({
    state,
    step: { kind: 'done', verdict },
    lines
});
function decideCodeDeploy(request, previous, look) {
    const moved = codeDeployProgress(request, previous, look);
    let state = moved.state;
    const lines = moved.lines;
    const id = state.following;
    const label = (0,progress/* taskDefinitionLabel */.$7)(request.taskDefinitionArn);
    const status = look.info?.status;
    const elapsed = look.now - state.startedAt;
    const rollback = state.rollback;
    if (!look.info) {
        if (elapsed < CODEDEPLOY_NOT_FOUND_GRACE_MS)
            return { state, step: { kind: 'wait' }, lines };
        return done(state, {
            outcome: 'FAILED',
            ok: false,
            cause: `CodeDeploy no longer returns deployment ${id}; check it with: ${followCommand(id)}`,
            details: [],
            active: false
        }, lines);
    }
    if (rollback) {
        // Following CodeDeploy's rollback of ours: Succeeded means the original task set serves again.
        if (status === 'Succeeded')
            return done(state, {
                outcome: 'ROLLED_BACK',
                ok: false,
                cause: `CodeDeploy rolled back to the original task set (rollback deployment ${id} succeeded). ${rollback.failure}`,
                details: [],
                active: false,
                rollbackDeploymentId: id
            }, lines);
        if (status === 'Failed' || status === 'Stopped')
            return done(state, {
                outcome: 'FAILED',
                ok: false,
                cause: `${rollback.failure}; CodeDeploy's rollback deployment ${id} ended ${status}${look.info.errorInformation?.message ? `: ${look.info.errorInformation.message}` : ''}. Check the service's task sets: the original one may not serve all traffic.`,
                details: [],
                active: false,
                rollbackDeploymentId: id
            }, lines);
    }
    switch (status) {
        case 'Succeeded':
            return done(state, {
                outcome: 'COMPLETED',
                ok: true,
                cause: `CodeDeploy deployment ${id} of ${label} succeeded: production traffic is on the replacement task set and the original one is terminated`,
                details: [],
                active: false
            }, lines);
        case 'Failed':
        case 'Stopped':
            return failedOrStopped(request, state, look, status, lines);
        case 'Ready': {
            const ready = whileReady(request, state, lines);
            if (ready.step.kind !== 'wait')
                return ready;
            state = ready.state;
            break;
        }
        case 'Created':
        case 'Queued':
        case 'InProgress':
        case 'Baking':
            break;
        default:
            return done(state, {
                outcome: 'FAILED',
                ok: false,
                cause: `CodeDeploy reports deployment ${id} as "${String(status)}", a status release-to-ecs does not know: it is not taken for success. Check it with: ${followCommand(id)}`,
                details: [],
                active: true
            }, lines);
    }
    if (!rollback &&
        request.maxTaskFailures > 0 &&
        look.stoppedTaskCount >= request.maxTaskFailures &&
        status !== 'Baking')
        return done(state, {
            outcome: 'FAILED',
            ok: false,
            cause: `${look.stoppedTaskCount} tasks of the replacement task set (${label}) stopped (max-task-failures is ${request.maxTaskFailures}): ` +
                `${look.taskExplanation ?? `tasks of ${label} stopped`}. CodeDeploy deployment ${id} is still ${status}.`,
            details: [],
            active: true
        }, lines);
    if (elapsed >= request.timeoutMs)
        return timedOut(request, state, look, lines);
    return { state, step: { kind: 'wait' }, lines };
}
/** Switches the state to following CodeDeploy's rollback deployment. */
function followingRollback(state, rollbackDeploymentId, failure, now) {
    return {
        ...state,
        startedAt: now,
        following: rollbackDeploymentId,
        rollback: { of: state.following, failure },
        status: undefined,
        events: {},
        taskSets: ''
    };
}
/** Failed or Stopped: follow CodeDeploy's rollback (rollback-on-failure), fail naming it, or wait a moment for it. */
function failedOrStopped(request, previous, look, status, lines) {
    let state = previous;
    state = { ...state, failedSeenAt: state.failedSeenAt ?? look.now };
    const failure = failureOf(request, look, status);
    const rollbackId = look.info?.rollbackInfo?.rollbackDeploymentId;
    if (rollbackId) {
        if (request.followRollback) {
            lines.push(`${failure}.`, `CodeDeploy rolls back with deployment ${rollbackId}; following it to its end.`);
            return {
                state,
                step: { kind: 'follow-rollback', rollbackDeploymentId: rollbackId, failure },
                lines
            };
        }
        const follow = `CodeDeploy rolls back by itself with deployment ${rollbackId} (traffic back to the original task set); the run does not wait for it (rollback-on-failure is false). Follow it with: ${followCommand(rollbackId)}`;
        return done(state, {
            outcome: 'ROLLING_BACK',
            ok: false,
            cause: `${failure}. ${follow}`,
            details: [follow],
            active: false,
            rollbackDeploymentId: rollbackId
        }, lines);
    }
    if (status === 'Failed' &&
        request.groupRollsBackOnFailure &&
        look.now - (state.failedSeenAt ?? look.now) < CODEDEPLOY_ROLLBACK_APPEAR_MS)
        return { state, step: { kind: 'wait' }, lines };
    const noRollback = ' The deployment group started no automatic rollback for it, so CodeDeploy leaves the task sets as they are.' +
        trafficPhrase(look.target);
    return done(state, {
        outcome: status === 'Stopped' ? 'STOPPED' : 'FAILED',
        ok: false,
        cause: `${failure}.${noRollback}`,
        details: [],
        active: false
    }, lines);
}
/** Ready (waiting for ContinueDeployment), like a pause: continue it, end the step, or say once how to continue it. */
function whileReady(request, previous, lines) {
    const id = previous.following;
    if (request.onPause === 'continue' && !previous.continued) {
        lines.push(`Continuing deployment ${id} at once (on-pause is continue): ContinueDeployment READY_WAIT`);
        return { state: { ...previous, continued: true }, step: { kind: 'continue' }, lines };
    }
    if (request.onPause === 'exit')
        return done(previous, {
            outcome: 'PAUSED',
            ok: true,
            cause: `CodeDeploy deployment ${id} of ${(0,progress/* taskDefinitionLabel */.$7)(request.taskDefinitionArn)} waits in Ready: the replacement task set runs and takes no production traffic until it is continued (on-pause is exit). Continue it with: ${continueCommand(id)}`,
            details: [],
            active: true
        }, lines);
    if (previous.readyAnnounced)
        return { state: previous, step: { kind: 'wait' }, lines };
    lines.push(`Waiting for the deployment to be continued elsewhere (on-pause is wait): ${continueCommand(id)}`);
    return { state: { ...previous, readyAnnounced: true }, step: { kind: 'wait' }, lines };
}
/** wait-for-minutes ran out: where the deployment was, and what to do about it. */
function timedOut(request, state, look, lines) {
    const id = state.following;
    const label = (0,progress/* taskDefinitionLabel */.$7)(request.taskDefinitionArn);
    const status = look.info?.status;
    const rollback = state.rollback;
    const event = currentEvent(look.target);
    const where = event ? `, lifecycle event ${event.lifecycleEventName} ${event.status}` : '';
    const hint = status === 'Ready'
        ? ' It waits for ContinueDeployment (on-pause is wait).'
        : status === 'Baking'
            ? ` It is in the termination wait (${request.terminationWaitMinutes} min): raise wait-for-minutes to cover it, or shorten the group's termination wait.`
            : ' Raise wait-for-minutes if the deployment needs longer.';
    const which = rollback
        ? `CodeDeploy's rollback deployment ${id} (after ${rollback.of} failed)`
        : `CodeDeploy deployment ${id} of ${label}`;
    return done(state, {
        outcome: 'TIMED_OUT',
        ok: false,
        cause: `${which} did not finish within ${(0,duration/* formatDuration */.a)(request.timeoutMs)}: it is ${status ?? 'unknown'}${where}.${hint}${rollback ? ` ${rollback.failure}` : ''}`,
        details: [],
        active: !rollback
    }, lines);
}

// EXTERNAL MODULE: ./src/rollout/explain.ts
var explain = __webpack_require__(6790);
// EXTERNAL MODULE: ./src/rollout/speaker.ts
var speaker = __webpack_require__(1608);
// EXTERNAL MODULE: ./src/rollout/tasks.ts
var tasks = __webpack_require__(691);
;// CONCATENATED MODULE: ./src/rollout/codedeploy-watch.ts













/** Least time between two looks for stopped tasks of the replacement task set. */
const LIST_STOPPED_MS = 10_000;
const FINAL = ['Succeeded', 'Failed', 'Stopped'];
const innermost = (e) => (e instanceof errors/* AwsCallError */.iQ ? e.cause : e);
async function watchCodeDeployment(request, deps) {
    return new CodeDeployWatch(request, deps).run();
}
class CodeDeployWatch {
    request;
    deps;
    start;
    state;
    polls = 0;
    speaker;
    tasks;
    taskSetId;
    targetDeniedWarned = false;
    info;
    target;
    /** When the bake (status Baking) began, at the earliest: the look before the first that saw it. */
    bakeStartedAt;
    lastLookAt;
    infoKey = '';
    targetKey = '';
    /** When a look last saw the deployment or its target change: attention follows change (codedeploy-cadence). */
    lastChangeAt;
    targetReadAt = -Infinity;
    events;
    /** The deployments followed before the current one (ours, when following CodeDeploy's rollback of it). */
    timelines = [];
    constructor(request, deps) {
        this.request = request;
        this.deps = deps;
        this.start = deps.clock.now();
        this.lastChangeAt = this.start;
        this.speaker = new speaker/* Speaker */.y(deps.logger, deps.clock, this.start);
        this.state = initialCodeDeployState(request, this.start);
        this.events = new service_events/* ServiceEvents */.P(deps.ecs, request, this.start - 10_000, deps.logger, line => this.say(line));
    }
    async run() {
        const { request, deps } = this;
        this.say(`Following CodeDeploy deployment ${request.deploymentId} of ${(0,progress/* taskDefinitionLabel */.$7)(request.taskDefinitionArn)} on service ${request.service} ` +
            `(up to ${(0,duration/* formatDuration */.a)(request.timeoutMs)}; done when CodeDeploy reports Succeeded, after the original task set is terminated)`);
        let throttled = 0;
        for (;;) {
            const previousStatus = this.info?.status;
            const lookedBefore = this.lastLookAt;
            this.lastLookAt = deps.clock.now();
            try {
                this.polls++;
                this.info = await deps.codedeploy.getDeployment(this.state.following);
                throttled = 0;
            }
            catch (e) {
                if (!(0,cadence/* isRetryable */.r3)(e))
                    throw e;
                const verdict = await this.waitOutThrottling(++throttled, e);
                if (verdict)
                    return this.finish(verdict);
                continue;
            }
            const status = this.info?.status ?? '';
            if (status === 'Baking' && previousStatus !== 'Baking')
                this.bakeStartedAt = lookedBefore ?? this.start;
            await this.readAround(status, status !== previousStatus, FINAL.includes(status));
            const listed = await this.followReplacementTasks();
            let decision = decideCodeDeploy(request, this.state, this.look());
            const step0 = decision.step;
            const failing = step0.kind === 'follow-rollback' || (step0.kind === 'done' && !step0.verdict.ok);
            if (failing && this.tasks && !listed && !this.state.rollback) {
                // Explain before judging: the replacement task set's last stopped tasks may not have been listed yet.
                await this.listTasks();
                decision = decideCodeDeploy(request, this.state, this.look());
            }
            for (const line of decision.lines)
                this.say(line);
            this.state = decision.state;
            const step = decision.step;
            if (step.kind === 'done')
                return this.finish(step.verdict);
            if (step.kind === 'follow-rollback') {
                this.timelines.push(this.timeline());
                this.state = followingRollback(this.state, step.rollbackDeploymentId, step.failure, deps.clock.now());
                this.info = this.target = undefined;
                this.infoKey = this.targetKey = '';
                continue;
            }
            if (step.kind === 'continue')
                await this.continueReady();
            const wanted = nextCodeDeployLook({
                elapsedMs: deps.clock.now() - this.start,
                now: deps.clock.now(),
                status,
                sinceChangeMs: deps.clock.now() - this.lastChangeAt,
                bakeStartedAt: status === 'Baking' ? this.bakeStartedAt : undefined,
                terminationWaitMinutes: request.terminationWaitMinutes
            });
            await this.pause(Math.min(wanted, Math.max(0, this.state.startedAt + request.timeoutMs - deps.clock.now())));
        }
    }
    /**
     * One look is one GetDeployment; the deployment target (lifecycle events, task sets) is read when the deployment's
     * info changed or now and then, the service's events when the status changed or every 15 s (60 s when quiet).
     */
    async readAround(status, statusChanged, final) {
        const now = this.deps.clock.now();
        const key = deploymentInfoKey(this.info);
        const infoChanged = key !== this.infoKey;
        this.infoKey = key;
        if (infoChanged)
            this.lastChangeAt = now;
        const quiet = (0,attention/* isQuiet */.rM)(now - this.lastChangeAt);
        if (shouldReadTarget({ status, infoChanged, final, quiet, msSinceTargetRead: now - this.targetReadAt })) {
            this.targetReadAt = now;
            this.target = await this.readTarget();
            const targetKey = deploymentTargetKey(this.target);
            if (targetKey !== this.targetKey)
                this.lastChangeAt = now;
            this.targetKey = targetKey;
        }
        if (statusChanged || now - this.events.lastReadAt >= (0,attention/* eventsEvery */.Jt)((0,attention/* isQuiet */.rM)(now - this.lastChangeAt)))
            await this.events.read(now);
    }
    /** The deployment followed now, as the job summary shows it. */
    timeline() {
        return codeDeployTimeline(this.state.following, this.info, this.target, this.state.rollback?.of);
    }
    say(line) {
        this.speaker.say(line);
    }
    /** Sleeps, speaking up after a long silence. */
    pause(ms) {
        return this.speaker.pause(ms, () => `CodeDeploy deployment ${this.state.following} ${this.state.status ?? 'not seen yet'}`);
    }
    /** Backs off after a throttled or failed GetDeployment; past the deadline, the verdict on what was last seen. */
    async waitOutThrottling(throttled, error) {
        const { clock } = this.deps;
        const delay = (0,cadence/* nextPollDelay */.qC)({
            elapsedMs: clock.now() - this.start,
            polls: this.polls,
            moving: false,
            nearDone: false,
            throttled,
            random: (this.deps.random ?? Math.random)()
        });
        if (throttled === 1 || throttled % 5 === 0)
            this.say(`CodeDeploy did not answer GetDeployment (${(0,errors/* describeAwsError */.Pp)(innermost(error))}); looking again in ${(delay / 1000).toFixed(1)}s`);
        if (clock.now() - this.state.startedAt >= this.request.timeoutMs) {
            const decided = decideCodeDeploy(this.request, this.state, this.look());
            if (decided.step.kind === 'done')
                return decided.step.verdict;
        }
        await this.pause(delay);
        return undefined;
    }
    /** The deployment target; without it (not there yet, or not allowed) the deployment is followed by its status. */
    async readTarget() {
        try {
            return await this.deps.codedeploy.getDeploymentTarget(this.state.following, this.request.targetId);
        }
        catch (e) {
            const cause = innermost(e);
            if ((0,errors/* isAccessDenied */.w7)(cause)) {
                if (!this.targetDeniedWarned)
                    this.deps.logger.warning(`${e.message} Until then the deployment is followed without its lifecycle events and task sets.`, { title: 'Missing permission' });
                this.targetDeniedWarned = true;
            }
            else if (!(0,cadence/* isRetryable */.r3)(e))
                this.deps.logger.debug(`No deployment target yet: ${(0,errors/* describeAwsError */.Pp)(cause)}`);
            return undefined;
        }
    }
    /** The replacement (green) task set's stopped tasks, looked for while CodeDeploy installs it. Returns whether it looked. */
    async followReplacementTasks() {
        const { request, deps } = this;
        const green = this.state.rollback ? undefined : replacementTaskSetId(this.target);
        if (green && green !== this.taskSetId) {
            this.taskSetId = green;
            // Its tasks carry the task set's id as startedBy, as a service deployment's carry the deployment's.
            this.tasks = new tasks/* StoppedTasks */.y({
                cluster: request.cluster,
                service: request.service,
                deploymentId: green,
                taskDefinitionArn: request.taskDefinitionArn,
                timeoutMs: request.timeoutMs,
                maxTaskFailures: request.maxTaskFailures,
                followEcsRollback: false
            }, { source: deps.ecs, logs: deps.logs, clock: deps.clock, logger: deps.logger });
        }
        const installing = (this.target?.lifecycleEvents ?? []).some(e => e.lifecycleEventName === 'Install' && e.status === 'InProgress');
        if (!this.tasks || !installing || deps.clock.now() - this.tasks.lastListAt < LIST_STOPPED_MS)
            return false;
        await this.listTasks();
        return true;
    }
    async listTasks() {
        if (!this.tasks)
            return;
        this.speaker.showTasks(await this.tasks.refresh());
    }
    look() {
        const tasks = this.tasks;
        return {
            now: this.deps.clock.now(),
            info: this.info,
            target: this.target,
            stoppedTaskCount: tasks?.count ?? 0,
            taskExplanation: tasks && tasks.count > 0
                ? (0,explain/* explainStoppedTasks */.zb)(tasks.reports, this.request.taskDefinitionArn, tasks.definition)
                : undefined
        };
    }
    /** on-pause continue: ContinueDeployment READY_WAIT; continued elsewhere in the meantime is fine. */
    async continueReady() {
        try {
            await this.deps.codedeploy.continueDeployment(this.state.following, 'READY_WAIT');
        }
        catch (e) {
            const cause = innermost(e);
            if ((0,errors/* errorName */.Is)(cause) !== 'DeploymentIsNotInReadyStateException')
                throw e;
            this.say(`Deployment ${this.state.following} was no longer Ready: ${(0,errors/* describeAwsError */.Pp)(cause)}`);
        }
    }
    async finish(verdict) {
        // The service's last events (steady state, stopped tasks) belong to the story of how it ended.
        await this.events.read(this.deps.clock.now());
        if (verdict.ok)
            this.say(verdict.cause);
        else {
            this.say(`Rollout ${verdict.outcome}: ${verdict.cause}`);
            for (const line of verdict.details)
                this.say(line);
        }
        const restored = this.request.previousTaskDefinitionArn;
        return {
            verdict,
            result: {
                outcome: verdict.outcome,
                ok: verdict.ok,
                cause: verdict.cause,
                details: verdict.details,
                ...(verdict.outcome === 'ROLLED_BACK' && restored ? { restoredTaskDefinitionArn: restored } : {}),
                events: this.events.lines,
                stoppedTasks: this.tasks?.reports ?? [],
                finishedAt: this.deps.clock.now(),
                polls: this.polls,
                codeDeploy: [...this.timelines, this.timeline()]
            }
        };
    }
}

// EXTERNAL MODULE: ./src/deploy/appspec.ts
var appspec = __webpack_require__(3747);
// EXTERNAL MODULE: ./src/deploy/codedeploy-names.ts
var codedeploy_names = __webpack_require__(168);
;// CONCATENATED MODULE: ./src/deploy/codedeploy.ts









/** While another deployment holds the group (on-busy wait), look this often. */
const BUSY_POLL_MS = 5_000;
const codedeploy_FINAL = ['Succeeded', 'Failed', 'Stopped'];
/** The AppSpec this run deploys: the file's with the new task definition, or one made from the service. */
function appSpecContent(request, taskDefinitionArn) {
    if (request.appSpec.kind === 'file')
        return (0,appspec.renderAppSpecFile)(request.appSpec.file, request.appSpec.target, taskDefinitionArn);
    const generated = (0,appspec.generateAppSpec)(request.described, taskDefinitionArn);
    if ('problem' in generated)
        throw new codedeploy_names/* CodeDeployError */.Bx(`No AppSpec: ${generated.problem}`);
    return generated.content;
}
/** The id of the deployment DeploymentLimitExceededException names ("... already has an active Deployment 'd-X'"). */
function activeDeploymentIn(message) {
    return /\b(d-[A-Z0-9]{9})\b/.exec(message)?.[1];
}
/** A re-run: the service already serves this task definition, or a deployment of it (ours, earlier) is running. */
function earlierAttempt(service, registered, forceNewDeployment) {
    if (registered.isNew || forceNewDeployment || service.taskDefinition !== registered.arn)
        return undefined;
    const sets = service.taskSets ?? [];
    const running = sets.find(s => s.taskDefinition === registered.arn && /^d-[A-Z0-9]{9}$/.test(s.externalId ?? ''));
    if (sets.length <= 1)
        return { alreadyServing: true };
    return running?.externalId ? { following: running.externalId } : undefined;
}
function createCodeDeployPath(request, deps) {
    const { codedeploy, logger, clock } = deps;
    let last;
    const create = async (content) => {
        const asked = {
            application: request.application,
            deploymentGroup: request.deploymentGroup,
            appSpecContent: content,
            deploymentConfig: request.deploymentConfig,
            description: request.description
        };
        await codedeploy.registerApplicationRevision(asked);
        const deadline = clock.now() + request.timeoutMs;
        for (;;) {
            try {
                return await codedeploy.createDeployment(asked);
            }
            catch (e) {
                const cause = e instanceof errors/* AwsCallError */.iQ ? e.cause : e;
                if ((0,errors/* errorName */.Is)(cause) !== 'DeploymentLimitExceededException')
                    throw e;
                const other = activeDeploymentIn((0,errors/* messageOf */.bD)(cause));
                const busy = `The deployment group ${request.deploymentGroup} already has a deployment in progress${other ? ` (${other})` : ''}`;
                if (request.onBusy === 'fail' || !other)
                    throw new codedeploy_names/* CodeDeployError */.Bx(`${busy}; ${request.onBusy === 'fail' ? 'on-busy is fail, so ' : ''}no deployment was started (the task definition is registered, the service unchanged). ` +
                        'Re-run when it finishes, or set on-busy: wait.');
                if (clock.now() >= deadline)
                    throw new codedeploy_names/* CodeDeployError */.Bx(`${busy}, still after ${(0,duration/* formatDuration */.a)(request.timeoutMs)} (wait-for-minutes); no deployment was started.`);
                logger.info(`${busy}: waiting for it to end (on-busy is wait).`);
                await waitForEnd(other, deadline);
            }
        }
    };
    const waitForEnd = async (id, deadline) => {
        let status;
        while (clock.now() < deadline) {
            const info = await codedeploy.getDeployment(id);
            if (info?.status !== status)
                logger.info(`CodeDeploy deployment ${id}: ${(status = info?.status)}`);
            if (!info || codedeploy_FINAL.includes(info.status ?? ''))
                return;
            await clock.sleep(Math.min(BUSY_POLL_MS, Math.max(0, deadline - clock.now())));
        }
    };
    /** Follows one deployment (and CodeDeploy's rollback of it, when asked) to a verdict. */
    const watch = async (id, registered, followRollback) => {
        const { result, verdict } = await watchCodeDeployment({
            cluster: request.cluster,
            service: request.service,
            targetId: request.targetId,
            deploymentId: id,
            taskDefinitionArn: registered.arn,
            previousTaskDefinitionArn: request.described.taskDefinition,
            timeoutMs: request.timeoutMs,
            maxTaskFailures: request.maxTaskFailures,
            onPause: request.onPause,
            followRollback,
            groupRollsBackOnFailure: request.groupRollsBackOnFailure,
            terminationWaitMinutes: request.terminationWaitMinutes,
            readyWaitMinutes: request.readyWaitMinutes
        }, deps);
        last = verdict;
        return result;
    };
    return {
        label: codedeploy_names/* CODEDEPLOY_LABEL */.W7,
        // Another deployment in the group shows only when CreateDeployment refuses; on-busy is applied there.
        async waitForIdle() { },
        async start(registered) {
            const earlier = earlierAttempt(request.described, registered, request.forceNewDeployment);
            if (earlier && 'alreadyServing' in earlier)
                return { id: '', alreadyServing: true };
            if (earlier) {
                logger.info(`Following the CodeDeploy deployment already in progress for this task definition: ${earlier.following}`);
                return { id: earlier.following, codedeployDeploymentId: earlier.following, alreadyServing: false };
            }
            const content = appSpecContent(request, registered.arn);
            logger.info(`AppSpec ${request.appSpec.kind === 'file' ? `from ${request.appSpec.file.path}` : 'generated from the service'}, TaskDefinition ${(0,arn/* shortArn */.k)(registered.arn)}`);
            logger.debug(content);
            const id = await create(content);
            logger.info(`Started CodeDeploy deployment ${id} of ${(0,arn/* shortArn */.k)(registered.arn)} (application ${request.application}, ` +
                `deployment group ${request.deploymentGroup}, ${request.configName})`);
            return { id, codedeployDeploymentId: id, alreadyServing: false };
        },
        follow: (started, registered) => watch(started.id, registered, request.rollbackOnFailure),
        async rollBack(failed, started, registered) {
            const note = (line) => ({ ...failed, details: [...failed.details, line] });
            if (failed.ok || failed.outcome === 'ROLLED_BACK')
                return failed;
            // No verdict yet: its following was stopped (another service of the release failed) while it ran.
            if (last && !last.active)
                return note(`No rollback by this run: CodeDeploy deployment ${started.id} has ended (${failed.outcome}), and StopDeployment only stops a running one.`);
            logger.info(`Stopping CodeDeploy deployment ${started.id} with automatic rollback (rollback-on-failure is true)`);
            try {
                const answer = await codedeploy.stopDeployment(started.id, true);
                logger.info(`CodeDeploy: ${answer.status ?? 'no status'}${answer.statusMessage ? ` (${answer.statusMessage})` : ''}`);
            }
            catch (e) {
                logger.warning(`The rollback could not be started: ${e.message}`, {
                    title: 'Rollback not started'
                });
                // The failure stays the verdict; why the rollback was not started goes with it, in its one line.
                const refused = `StopDeployment failed: ${e.message}`;
                return { ...note(refused), cause: `${failed.cause} The run could not roll it back: ${refused}` };
            }
            const back = await watch(started.id, registered, true);
            const merged = {
                stoppedTasks: [...failed.stoppedTasks, ...back.stoppedTasks],
                finishedAt: back.finishedAt,
                polls: failed.polls + back.polls,
                events: (0,service_events/* mergeEvents */.e)(failed.events, back.events),
                codeDeploy: mergeTimelines(failed.codeDeploy, back.codeDeploy)
            };
            if (back.outcome === 'ROLLED_BACK')
                return {
                    ...back,
                    ...merged,
                    cause: `Stopped CodeDeploy deployment ${started.id} and rolled back to the original task set (${last?.rollbackDeploymentId ? `rollback deployment ${last.rollbackDeploymentId} succeeded` : 'rollback succeeded'}). ${failed.cause}`,
                    details: [...failed.details, back.cause]
                };
            return {
                ...failed,
                ...merged,
                cause: `${failed.cause}; stopping it with automatic rollback did not bring the original task set back: ${back.cause}`,
                details: [...failed.details, ...back.details]
            };
        },
        async cancel(started) {
            const id = started.codedeployDeploymentId ?? started.id;
            try {
                const answer = await codedeploy.stopDeployment(id, true);
                return `Asked CodeDeploy to stop deployment ${id} and roll back to the original task set (StopDeployment with autoRollbackEnabled): ${answer.status ?? 'no status'}${answer.statusMessage ? `, ${answer.statusMessage}` : ''}`;
            }
            catch (e) {
                const cause = e instanceof errors/* AwsCallError */.iQ ? e.cause : e;
                if ((0,errors/* errorName */.Is)(cause) === 'DeploymentAlreadyCompletedException')
                    return `CodeDeploy deployment ${id} had already ended: there was nothing to stop or roll back.`;
                return `Could not stop CodeDeploy deployment ${id}: ${(0,errors/* describeAwsError */.Pp)(cause)}. Stop it with: aws deploy stop-deployment --deployment-id ${id} --auto-rollback-enabled`;
            }
        }
    };
}


/***/ })

};
