export const id = 889;
export const ids = [889];
export const modules = {

/***/ 8889:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  continueDeployment: () => (/* binding */ continueDeployment)
});

// EXTERNAL MODULE: ./src/aws/connect.ts
var connect = __webpack_require__(7771);
// EXTERNAL MODULE: ./src/aws/arn.ts
var aws_arn = __webpack_require__(1626);
// EXTERNAL MODULE: ./src/aws/errors.ts
var errors = __webpack_require__(9378);
// EXTERNAL MODULE: ./src/rollout/staged-watch.ts + 5 modules
var staged_watch = __webpack_require__(895);
;// CONCATENATED MODULE: ./src/deploy/continue.ts
// continue-deployment: answer the pause hook of a service deployment an earlier run left waiting (on-pause: exit),
// then follow it to its end like any other run of the path. GitHub's own approval (an environment with required
// reviewers on the job that runs this) becomes the gate of an ECS pause hook.



/** Reads the service deployment and what it deploys, before anything is answered. */
async function findPausedDeployment(mode, settings, deps) {
    const { ecs, logger } = deps;
    const arn = mode.serviceDeploymentArn;
    const [sd] = await ecs.describeServiceDeployments([arn]);
    if (!sd)
        throw new errors/* EcsError */.YX(`continue-deployment names ${arn}, which ECS does not know (DescribeServiceDeployments found nothing); ` +
            "give the service-deployment-arn output of the run that paused, within the service deployments' history of about 90 days.");
    const target = sd.targetServiceRevision?.arn;
    const source = sd.sourceServiceRevisions?.[0]?.arn;
    const revisions = await ecs.describeServiceRevisions([target, source].filter((a) => !!a));
    const taskDefinitionOf = (revision) => revisions.find(r => r.serviceRevisionArn === revision)?.taskDefinition;
    const taskDefinitionArn = taskDefinitionOf(target) ?? '';
    const waiting = (sd.lifecycleHookDetails ?? []).find(h => h.status === 'AWAITING_ACTION');
    logger.info(`Service deployment ${(0,aws_arn/* shortArn */.k)(arn)} of ${(0,aws_arn/* shortArn */.k)(taskDefinitionArn) || 'an unknown revision'} on ${mode.service}: ${sd.status ?? 'unknown status'}` +
        `${sd.lifecycleStage ? ` in ${sd.lifecycleStage}` : ''}` +
        (waiting
            ? `, waiting on pause hook ${waiting.hookId}; answering it with ${mode.action} (continue-action).`
            : '; no pause hook waits now: following it, and answering one if it comes.'));
    const service = await ecs.describeService(settings.cluster, mode.service);
    const deploymentId = service?.deployments?.find(d => d.taskDefinition === taskDefinitionArn)?.id ?? '';
    const started = {
        id: deploymentId || (0,aws_arn/* shortArn */.k)(arn),
        serviceDeploymentArn: arn,
        alreadyServing: false
    };
    return {
        started,
        registered: { arn: taskDefinitionArn, isNew: false },
        follow: () => (0,staged_watch/* watchServiceDeployment */.U)({
            cluster: settings.cluster,
            service: mode.service,
            region: mode.region,
            serviceDeploymentArn: arn,
            deploymentId,
            taskDefinitionArn,
            previousTaskDefinitionArn: taskDefinitionOf(source),
            configuration: sd.deploymentConfiguration ?? service?.deploymentConfiguration,
            timeoutMs: settings.waitForMinutes * 60_000,
            followRollback: settings.rollbackOnFailure || mode.action === 'ROLLBACK',
            waitUntil: settings.waitUntil,
            onPause: settings.onPause,
            answer: { action: mode.action }
        }, deps)
    };
}

// EXTERNAL MODULE: ./src/report/record.ts
var report_record = __webpack_require__(1117);
// EXTERNAL MODULE: ./src/settings/index.ts + 8 modules
var src_settings = __webpack_require__(2966);
;// CONCATENATED MODULE: ./src/stages/continue.ts
// continue-deployment: a run of its own that answers an earlier run's paused service deployment and follows it.




/** continue-deployment: answer the pause hook of an earlier run's service deployment and follow it to the end. */
async function continueDeployment(settings, mode, deps, stage, record, cleanups) {
    for (const secret of (0,src_settings/* secretInputs */._y)(settings))
        deps.mask(secret);
    record.region = mode.region;
    const aws = await stage('Connect to AWS', () => (0,connect/* connect */.Ng)(settings, mode.region, deps));
    cleanups.push(aws.apis.destroy);
    record.account = aws.identity?.account;
    const found = await stage('Read the service deployment', () => findPausedDeployment(mode, settings, { ...aws.apis, ...deps }));
    record.started = found.started;
    record.registered = found.registered;
    const rollout = (record.rollout = await stage('Rollout', () => found.follow(), r => r.outcome));
    if (!rollout.ok)
        throw (0,report_record/* rolloutFailure */.gp)(rollout);
}


/***/ })

};
