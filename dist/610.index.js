export const id = 610;
export const ids = [610];
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


/***/ })

};
