export const id = 732;
export const ids = [732];
export const modules = {

/***/ 8673:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   w: () => (/* binding */ stagedDoneMeaning),
/* harmony export */   x: () => (/* binding */ waitUntilProblem)
/* harmony export */ });
/* harmony import */ var _settings_types_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1664);

/** What "done" means on this path, for the plan: e.g. "done: the service deployment is SUCCESSFUL, after ...". */
function stagedDoneMeaning(service, waitUntil) {
    if (waitUntil.kind === 'stage')
        return `done: the service deployment reaches ${waitUntil.stage} healthy (wait-until); ECS finishes it without the run`;
    const c = service.deploymentConfiguration;
    const waits = [];
    if (c?.strategy === 'LINEAR') {
        const step = c.linearConfiguration?.stepPercent ?? 10;
        waits.push(`traffic shifted in steps of ${step} % every ${c.linearConfiguration?.stepBakeTimeInMinutes ?? 6} min`);
    }
    if (c?.strategy === 'CANARY')
        waits.push(`a canary of ${c.canaryConfiguration?.canaryPercent ?? 5} % for ${c.canaryConfiguration?.canaryBakeTimeInMinutes ?? 10} min`);
    const bake = c?.bakeTimeInMinutes ?? 0;
    if (bake > 0)
        waits.push(`the bake time of ${bake} min`);
    const pauses = (c?.lifecycleHooks ?? []).filter(h => h.targetType === 'PAUSE');
    if (pauses.length > 0)
        waits.push(`${pauses.length} pause hook${pauses.length > 1 ? 's' : ''} answered`);
    return `done: the service deployment is SUCCESSFUL${waits.length > 0 ? `, after ${waits.join(', ')}` : ''}`;
}
/**
 * wait-until against the path: a lifecycle stage needs a service deployment path, and one the strategy passes
 * every time (RECONCILE_SERVICE happens only when more than one revision runs). Undefined: fine.
 */
function waitUntilProblem(path, strategy, waitUntil) {
    if (waitUntil.kind !== 'stage')
        return undefined;
    if (path === 'ecs-rolling')
        return (`wait-until is ${waitUntil.stage}, but the service deploys with the ${strategy} strategy, whose deployments have no ` +
            'lifecycle stages to stop at; use wait-until: deployed (the default) for this service.');
    if (waitUntil.stage === 'RECONCILE_SERVICE')
        return ('wait-until is RECONCILE_SERVICE, a stage ECS passes only when the service runs more than one revision; ' +
            `name a later stage: ${_settings_types_js__WEBPACK_IMPORTED_MODULE_0__/* .LIFECYCLE_STAGES */ .t.slice(1).join(', ')}.`);
    return undefined;
}


/***/ }),

/***/ 2554:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   WI: () => (/* binding */ readManifest),
/* harmony export */   _g: () => (/* binding */ readConfigPlatform),
/* harmony export */   ky: () => (/* binding */ platformMismatch),
/* harmony export */   zT: () => (/* binding */ wantedPlatform)
/* harmony export */ });
const INDEX_TYPES = new Set([
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json'
]);
function readManifest(manifestJson, mediaType) {
    let manifest;
    try {
        manifest = JSON.parse(manifestJson);
    }
    catch {
        return { kind: 'unknown', why: 'the manifest is not JSON' };
    }
    const type = mediaType ?? manifest.mediaType;
    if ((type && INDEX_TYPES.has(type)) || Array.isArray(manifest.manifests)) {
        const entries = Array.isArray(manifest.manifests) ? manifest.manifests : [];
        const platforms = entries
            .map(e => e.platform)
            .filter((p) => typeof p?.os === 'string' && typeof p.architecture === 'string')
            // Build attestations sit in the index as unknown/unknown: they run nowhere.
            .filter(p => p.os !== 'unknown' && p.architecture !== 'unknown')
            .map(p => ({ os: p.os, architecture: p.architecture, ...(p.variant ? { variant: p.variant } : {}) }));
        return { kind: 'index', platforms };
    }
    const config = manifest.config;
    if (typeof config?.digest === 'string')
        return { kind: 'single', configDigest: config.digest };
    return { kind: 'unknown', why: 'the manifest names neither platforms nor a config' };
}
/** The platform in an image's config blob (`{"architecture": "amd64", "os": "linux", ...}`). */
function readConfigPlatform(configJson) {
    try {
        const config = JSON.parse(configJson);
        if (typeof config.os !== 'string' || typeof config.architecture !== 'string')
            return undefined;
        return {
            os: config.os,
            architecture: config.architecture,
            ...(config.variant ? { variant: config.variant } : {})
        };
    }
    catch {
        return undefined;
    }
}
const ARCHITECTURES = { X86_64: 'amd64', ARM64: 'arm64' };
/** The platform a task definition asks for; ECS's default is Linux on X86_64. */
function wantedPlatform(runtimePlatform) {
    const family = runtimePlatform?.operatingSystemFamily ?? 'LINUX';
    return {
        os: family === 'LINUX' ? 'linux' : 'windows',
        architecture: ARCHITECTURES[runtimePlatform?.cpuArchitecture ?? 'X86_64'] ?? 'amd64'
    };
}
function label(p) {
    return `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`;
}
/**
 * undefined when the image has a platform the task definition can run; otherwise the finding, naming the image's
 * platforms, what the task definition asks for and the fix.
 */
function platformMismatch(image, platforms, runtimePlatform) {
    if (platforms.length === 0)
        return undefined;
    const wanted = wantedPlatform(runtimePlatform);
    if (platforms.some(p => p.os === wanted.os && p.architecture === wanted.architecture))
        return undefined;
    const has = platforms.map(label);
    const asks = runtimePlatform?.cpuArchitecture ?? 'X86_64';
    const family = runtimePlatform?.operatingSystemFamily ?? 'LINUX';
    const field = runtimePlatform?.cpuArchitecture
        ? 'runtimePlatform.cpuArchitecture'
        : 'runtimePlatform (absent: X86_64 on LINUX)';
    return (`The image ${image} is ${has.join(', ')}${has.length === 1 ? ' only' : ''}, and the task definition's ${field} asks for ` +
        `${asks} on ${family}: build with platform: ${wanted.os}/${wanted.architecture}, or set runtimePlatform.cpuArchitecture ` +
        `to ${platforms[0].architecture === 'arm64' ? 'ARM64' : 'X86_64'}.`);
}


/***/ }),

/***/ 6732:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  planRelease: () => (/* binding */ planRelease),
  I: () => (/* binding */ planTaskDefinition)
});

// EXTERNAL MODULE: ./src/aws/connect.ts
var connect = __webpack_require__(7771);
// EXTERNAL MODULE: ./src/image/push.ts
var push = __webpack_require__(5133);
// EXTERNAL MODULE: ./src/image/source.ts
var image_source = __webpack_require__(372);
// EXTERNAL MODULE: ./src/deploy/facts.ts
var facts = __webpack_require__(2944);
// EXTERNAL MODULE: ./src/deploy/path.ts
var path = __webpack_require__(9776);
// EXTERNAL MODULE: ./src/deploy/staged-plan.ts
var staged_plan = __webpack_require__(8673);
// EXTERNAL MODULE: ./src/settings/index.ts + 8 modules
var src_settings = __webpack_require__(2966);
// EXTERNAL MODULE: ./src/deploy/appspec.ts
var appspec = __webpack_require__(3747);
// EXTERNAL MODULE: ./src/deploy/codedeploy-inspect.ts
var codedeploy_inspect = __webpack_require__(7652);
;// CONCATENATED MODULE: ./src/deploy/codedeploy-plan.ts



const NOTHING = 'Nothing was changed.';
function planCodeDeploy(input) {
    const { settings, service, target } = input;
    const name = (0,codedeploy_inspect/* resourceName */.Iy)(input.serviceInput);
    const refused = [];
    if (settings.waitUntil.kind === 'stage')
        refused.push(`${src_settings/* Inputs */.G0.waitUntil} is ${settings.waitUntil.stage}, a lifecycle stage of an ECS service deployment; the service "${name}" deploys with CodeDeploy, ` +
            `whose deployments are followed until CodeDeploy reports Succeeded: use ${src_settings/* Inputs */.G0.waitUntil}: deployed (the default). ${NOTHING}`);
    const serviceSettings = Object.keys(settings.serviceSettings ?? {});
    if (settings.desiredCount !== undefined || serviceSettings.length > 0)
        refused.push(`${[settings.desiredCount !== undefined ? src_settings/* Inputs */.G0.desiredCount : '', ...serviceSettings].filter(Boolean).join(', ')} ` +
            `would need UpdateService, which a CodeDeploy deployment does not use: the service "${name}" has the CODE_DEPLOY deployment controller. ` +
            `Remove them, or change the service outside this action. ${NOTHING}`);
    let containerName;
    let containerPort;
    let where;
    let appSpec = { kind: 'generated' };
    if (input.appSpec) {
        const checked = (0,appspec.appSpecProblems)(input.appSpec.doc);
        if ('problems' in checked)
            throw new src_settings/* SettingsError */.GN(checked.problems);
        ({ containerName, containerPort } = checked);
        appSpec = { kind: 'file', file: input.appSpec, target: checked };
        where = `${src_settings/* Inputs */.G0.codedeployAppspec} ${input.appSpec.path}`;
    }
    else {
        const generated = (0,appspec.generateAppSpec)(service, 'TASK_DEFINITION');
        if ('problem' in generated)
            throw new src_settings/* SettingsError */.GN([`No AppSpec: ${generated.problem} ${NOTHING}`]);
        ({ containerName, containerPort } = generated);
        where = "The service's load balancer";
    }
    const mismatch = (0,appspec.containerPortProblem)(input.rendered, containerName, containerPort, where);
    if (mismatch)
        refused.push(`${mismatch} CodeDeploy would fail the deployment at Install. ${NOTHING}`);
    if (refused.length > 0)
        throw new src_settings/* SettingsError */.GN(refused);
    const group = target.group;
    const rollback = group.autoRollbackConfiguration;
    const groupRollsBackOnFailure = rollback?.enabled === true && (rollback.events ?? []).includes('DEPLOYMENT_FAILURE');
    const blueGreen = group.blueGreenDeploymentConfiguration;
    const terminationWaitMinutes = blueGreen?.terminateBlueInstancesOnDeploymentSuccess?.terminationWaitTimeInMinutes ?? 0;
    const ready = blueGreen?.deploymentReadyOption;
    const readyWaitMinutes = ready?.actionOnTimeout === 'STOP_DEPLOYMENT' ? (ready.waitTimeInMinutes ?? 0) : undefined;
    const request = {
        cluster: settings.cluster,
        service: input.serviceInput,
        targetId: `${(0,codedeploy_inspect/* resourceName */.Iy)(settings.cluster)}:${name}`,
        described: service,
        application: target.application,
        deploymentGroup: target.deploymentGroup,
        ...(settings.codedeploy.deploymentConfig
            ? { deploymentConfig: settings.codedeploy.deploymentConfig }
            : {}),
        configName: target.configName,
        ...(settings.codedeploy.description ? { description: settings.codedeploy.description } : {}),
        appSpec,
        forceNewDeployment: settings.forceNewDeployment,
        onBusy: settings.onBusy,
        onPause: settings.onPause,
        timeoutMs: settings.waitForMinutes * 60_000,
        maxTaskFailures: settings.maxTaskFailures,
        rollbackOnFailure: settings.rollbackOnFailure,
        groupRollsBackOnFailure,
        terminationWaitMinutes,
        ...(readyWaitMinutes !== undefined ? { readyWaitMinutes } : {})
    };
    const notes = [
        `CodeDeploy: CreateDeployment in application ${target.application}, deployment group ${target.deploymentGroup}, ` +
            `configuration ${target.configName} (${(0,codedeploy_inspect/* trafficRouting */.aS)(target.config)}), with an AppSpec ` +
            `${input.appSpec ? `from ${input.appSpec.path}` : 'generated from the service'} (container ${containerName}:${containerPort}, TaskDefinition: the revision the run registers)`,
        `Done when CodeDeploy reports the deployment Succeeded: production traffic is on the replacement task set and the original task set is terminated ` +
            `${terminationWaitMinutes > 0 ? `after the group's termination wait of ${terminationWaitMinutes} min (status Baking until then)` : 'at once (the group has no termination wait)'}`
    ];
    if (readyWaitMinutes !== undefined)
        notes.push(`The group waits in Ready for ContinueDeployment before rerouting production traffic (it stops the deployment after ${readyWaitMinutes} min); on-pause is ${settings.onPause}: ` +
            (settings.onPause === 'continue'
                ? 'the run continues it at once'
                : settings.onPause === 'exit'
                    ? 'the run ends green with rollout-state PAUSED and codedeploy-deployment-id'
                    : 'the run waits for it to be continued elsewhere'));
    const alarms = group.alarmConfiguration?.enabled ? (group.alarmConfiguration.alarms ?? []) : [];
    if (alarms.length > 0)
        notes.push(`CloudWatch alarms that stop the deployment (the group's alarmConfiguration): ${alarms.map(a => a.name).join(', ')}`);
    notes.push(settings.rollbackOnFailure
        ? 'On a failure or timeout: StopDeployment with automatic rollback, followed until the original task set serves again (rollback-on-failure)'
        : `On a failure: the run fails at once${groupRollsBackOnFailure ? "; the deployment group's automatic rollback puts traffic back on the original task set" : ''}`);
    const waits = terminationWaitMinutes + (settings.onPause === 'wait' ? (readyWaitMinutes ?? 0) : 0);
    if (settings.waitForServiceStability && waits >= settings.waitForMinutes)
        notes.push(`Note: wait-for-minutes (${settings.waitForMinutes}) does not cover the group's waits (${waits} min): the run would time out before CodeDeploy reports Succeeded.`);
    return { request, notes };
}
/** The same, for one entry of `services`: what it refuses names the entry (services[0]: ...). */
function planCodeDeployFor(entry, input) {
    try {
        return planCodeDeploy(input);
    }
    catch (e) {
        if (!entry || !(e instanceof src_settings/* SettingsError */.GN))
            throw e;
        throw new src_settings/* SettingsError */.GN(e.problems.map(p => `${entry.input} (service ${entry.name}): ${p}`));
    }
}
/** What the policy grants on this deployment's application, group and configuration. */
function codeDeployAccess(request, settings) {
    return {
        application: request.application,
        deploymentGroup: request.deploymentGroup,
        deploymentConfig: request.configName,
        stop: settings.rollbackOnFailure || settings.onCancel === 'rollback',
        continue: settings.onPause === 'continue'
    };
}

// EXTERNAL MODULE: ./src/taskdef/references.ts
var references = __webpack_require__(1896);
// EXTERNAL MODULE: ./src/run-task/logs.ts
var logs = __webpack_require__(5362);
// EXTERNAL MODULE: ./src/taskdef/types.ts
var types = __webpack_require__(1433);
// EXTERNAL MODULE: ./src/verify/findings.ts
var findings = __webpack_require__(3271);
;// CONCATENATED MODULE: ./src/iam/scope.ts
function partitionOf(region) {
    if (region.startsWith('cn-'))
        return 'aws-cn';
    if (region.startsWith('us-gov-'))
        return 'aws-us-gov';
    return 'aws';
}
function scopeOf(input) {
    const partition = input.partition ?? partitionOf(input.region);
    const arn = (service, resource, region = input.region, account = input.accountId) => `arn:${partition}:${service}:${region}:${account}:${resource}`;
    const clusterArn = (c) => (c.startsWith('arn:') ? c : arn('ecs', `cluster/${clusterName(c)}`));
    return {
        arn,
        clusterArn,
        serviceArn: s => s.service.startsWith('arn:') ? s.service : arn('ecs', `service/${clusterName(s.cluster)}/${s.service}`),
        deploymentsOf: list => one(unique(list.map(s => arn('ecs', `service-deployment/${clusterName(s.cluster)}/${serviceName(s.service)}/*`)))),
        inClustersOf: list => ({
            ArnEquals: { 'ecs:cluster': one(unique(list.map(s => clusterArn(s.cluster)))) }
        })
    };
}
/** A role by name or ARN, as an ARN in the deploy's partition and account. */
function roleArn(role, input) {
    const partition = input.partition ?? partitionOf(input.region);
    return role.startsWith('arn:') ? role : `arn:${partition}:iam::${input.accountId}:role/${role}`;
}
/** One resource as a string, several as a list (how people write policies). */
function one(values) {
    return values.length === 1 ? values[0] : values;
}
function unique(values) {
    return [...new Set(values)];
}
function serviceName(service) {
    // arn:aws:ecs:region:account:service/CLUSTER/NAME
    return service.startsWith('arn:') ? service.slice(service.lastIndexOf('/') + 1) : service;
}
function clusterName(cluster) {
    // arn:aws:ecs:region:account:cluster/NAME
    return cluster.startsWith('arn:') ? cluster.slice(cluster.indexOf('cluster/') + 'cluster/'.length) : cluster;
}
/** One statement: Allow these actions on these resources, under the condition if any. */
function allow(Sid, Action, Resource, Condition) {
    return { Sid, Effect: 'Allow', Action, Resource, ...(Condition ? { Condition } : {}) };
}

;// CONCATENATED MODULE: ./src/iam/service-statements.ts
// The statements every service of the release needs: its task definitions registered (and tagged), the service read
// and updated, its tasks read, its target groups' drain, its containers' logs, and the roles its tasks pass.

/** Every service of the release: the first (the inputs' own) and the others of `services`. */
function servicesOf(input) {
    return [input, ...(input.otherServices ?? [])];
}
/** Is this service deployed by CodeDeploy (only read, never updated, by ECS calls)? */
function deploysWithCodeDeploy(s) {
    return s.codedeploy !== undefined;
}
function taskDefinitionStatements(input, scope) {
    const tagged = unique(servicesOf(input)
        .filter(s => s.tagTaskDefinition)
        .map(s => s.family));
    return [
        allow('EcsTaskDefinitions', ['ecs:DescribeTaskDefinition', 'ecs:RegisterTaskDefinition'], '*'),
        ...(tagged.length > 0
            ? [
                allow('EcsTagTaskDefinition', ['ecs:TagResource'], one(tagged.map(family => scope.arn('ecs', `task-definition/${family}:*`))), { StringEquals: { 'ecs:CreateAction': 'RegisterTaskDefinition' } })
            ]
            : [])
    ];
}
/** Exactly the services named: one exact ARN each, never a wildcard. A CODE_DEPLOY service is only read. */
function updateServiceStatements(input, scope) {
    const services = servicesOf(input);
    const read = services.filter(s => deploysWithCodeDeploy(s));
    const updated = services.filter(s => !deploysWithCodeDeploy(s));
    return [
        ...(read.length > 0
            ? [allow('EcsReadService', ['ecs:DescribeServices'], one(unique(read.map(scope.serviceArn))))]
            : []),
        ...(updated.length > 0
            ? [
                allow('EcsUpdateService', ['ecs:DescribeServices', 'ecs:UpdateService'], one(unique(updated.map(scope.serviceArn))))
            ]
            : [])
    ];
}
function readTasksStatements(input, scope) {
    if (!(input.describeTasks ?? true))
        return [];
    // ListTasks has no task resource to scope; both are limited to the clusters by its condition key.
    return [
        allow('EcsReadTasks', ['ecs:ListTasks', 'ecs:DescribeTasks'], '*', scope.inClustersOf(servicesOf(input)))
    ];
}
function targetGroupStatements(input) {
    return servicesOf(input).some(s => s.readTargetGroups)
        ? [allow('ElbReadDeregistrationDelay', ['elasticloadbalancing:DescribeTargetGroupAttributes'], '*')]
        : [];
}
/** The containers' logs (the services' and the one-off task's) and every role their tasks pass. */
function logsAndRolesStatements(input, scope) {
    const services = servicesOf(input);
    const runTask = input.runTask;
    const logGroups = unique([...services.flatMap(s => s.logGroups), ...(runTask?.logGroups ?? [])].filter(g => g !== ''));
    const roles = unique([...services.flatMap(s => [s.taskRoleArn, s.executionRoleArn]), ...(runTask?.roleArns ?? [])]
        .filter((r) => typeof r === 'string' && r !== '')
        .map(r => roleArn(r, input)));
    return [
        ...(logGroups.length > 0
            ? [
                allow('LogsReadContainerLogs', ['logs:GetLogEvents'], logGroups.map(group => scope.arn('logs', `log-group:${group}:log-stream:*`)))
            ]
            : []),
        ...(roles.length > 0
            ? [
                allow('PassTaskRoles', ['iam:PassRole'], one(roles), {
                    StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' }
                })
            ]
            : [])
    ];
}

;// CONCATENATED MODULE: ./src/iam/codedeploy-statements.ts
// The CODE_DEPLOY services' statements: each one's CodeDeploy application, deployment group and configuration,
// exactly (one statement per kind, listing every service's own).


function codeDeployStatements(input, scope) {
    const deployed = servicesOf(input).flatMap(s => s.codedeploy ?? []);
    if (deployed.length === 0)
        return [];
    const codedeployArn = (resource) => scope.arn('codedeploy', resource);
    const arns = (of) => one(unique(deployed.map(c => codedeployArn(of(c)))));
    // stop and continue follow the run's inputs (rollback-on-failure, on-cancel, on-pause): the same for every group.
    const stop = deployed.some(c => c.stop);
    const resume = deployed.some(c => c.continue);
    return [
        allow('CodeDeployApplication', ['codedeploy:GetApplication', 'codedeploy:RegisterApplicationRevision'], arns(c => `application:${c.application}`)),
        allow('CodeDeployDeploymentGroup', [
            'codedeploy:GetDeploymentGroup',
            'codedeploy:CreateDeployment',
            'codedeploy:GetDeployment',
            'codedeploy:GetDeploymentTarget',
            ...(stop ? ['codedeploy:StopDeployment'] : []),
            ...(resume ? ['codedeploy:ContinueDeployment'] : [])
        ], arns(c => `deploymentgroup:${c.application}/${c.deploymentGroup}`)),
        allow('CodeDeployDeploymentConfig', ['codedeploy:GetDeploymentConfig'], arns(c => `deploymentconfig:${c.deploymentConfig}`))
    ];
}

// EXTERNAL MODULE: ./src/aws/ecr-uri.ts
var ecr_uri = __webpack_require__(9768);
;// CONCATENATED MODULE: ./src/iam/image-statements.ts
// The image's statements: the ECR login, the push to its one repository, and the reads of what it holds.


/** What the basic pre-flight check reads of an image: its manifest, and a single-platform image's config blob. */
const VERIFY_IMAGE_ACTIONS = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];
/** None when the image is not in ECR. */
function imageStatements(input, scope) {
    const repo = input.repository;
    if (!repo)
        return [];
    const registry = repo.registryId ?? repo.registryAccountId ?? input.accountId;
    const repositoryArn = scope.arn('ecr', `repository/${repo.name}`, repo.region ?? input.region, registry);
    const verifyReads = (input.verify ?? 'basic') === 'off' ? [] : VERIFY_IMAGE_ACTIONS;
    return [
        ...((input.registryLogin ?? input.pushImage)
            ? [allow('EcrLogin', ['ecr:GetAuthorizationToken'], '*')]
            : []),
        ...(input.pushImage ? [allow('EcrPushImage', [...ecr_uri/* ECR_PUSH_ACTIONS */.q5], repositoryArn)] : []),
        allow('EcrReadImages', ['ecr:DescribeImages', ...verifyReads], repositoryArn)
    ];
}

;// CONCATENATED MODULE: ./src/iam/run-task-statements.ts
// The one-off task's statements (run-task-command): run its family, follow and stop its task.

/** The one-off task (run-task-command): run this family, follow and stop its task, in the first service's cluster. */
function runTaskStatements(input, scope) {
    const runTask = input.runTask;
    if (!runTask)
        return [];
    const onCluster = { ArnEquals: { 'ecs:cluster': scope.clusterArn(input.cluster) } };
    return [
        allow('EcsRunTask', ['ecs:RunTask'], scope.arn('ecs', `task-definition/${runTask.family}:*`), onCluster),
        allow('EcsFollowTask', ['ecs:DescribeTasks', 'ecs:StopTask'], scope.arn('ecs', `task/${clusterName(input.cluster)}/*`), onCluster)
    ];
}

;// CONCATENATED MODULE: ./src/iam/service-deployment-statements.ts
// The Service Deployments API: BLUE_GREEN, LINEAR and CANARY services are followed through it (and the revisions a
// rollback names); rolling services read theirs while following and stop one to roll back. Each service in its own
// cluster only (the ecs:cluster condition key).


function serviceDeploymentStatements(input, scope) {
    const services = servicesOf(input);
    const statements = [];
    const staged = services.filter(s => s.stagedDeployment);
    if (staged.length > 0) {
        const revisionArns = staged.map(s => scope.arn('ecs', `service-revision/${clusterName(s.cluster)}/${serviceName(s.service)}/*`));
        statements.push(allow('EcsFollowServiceDeployment', ['ecs:DescribeServiceDeployments', 'ecs:DescribeServiceRevisions'], [scope.deploymentsOf(staged), unique(revisionArns)].flat(), scope.inClustersOf(staged)), allow('EcsListServiceDeployments', ['ecs:ListServiceDeployments'], one(unique(staged.map(scope.serviceArn)))));
    }
    // Rolling services: their service deployments read while following, stopped to roll back.
    const rolling = services.filter(s => !s.stagedDeployment && !deploysWithCodeDeploy(s));
    const stopStaged = staged.some(s => s.stagedDeployment?.stop);
    const stopRolling = input.stopServiceDeployment === true && rolling.length > 0;
    if (input.readServiceDeployments && rolling.length > 0)
        statements.push(allow('EcsReadServiceDeployments', ['ecs:DescribeServiceDeployments'], scope.deploymentsOf(rolling), scope.inClustersOf(rolling)));
    if (stopStaged || stopRolling) {
        const stopped = [...(stopStaged ? staged : []), ...(stopRolling ? rolling : [])];
        statements.push(allow('EcsStopServiceDeployment', ['ecs:StopServiceDeployment'], scope.deploymentsOf(stopped), scope.inClustersOf(stopped)));
    }
    const continued = staged.filter(s => s.stagedDeployment?.continue);
    if (continued.length > 0)
        statements.push(allow('EcsContinueServiceDeployment', ['ecs:ContinueServiceDeployment'], scope.deploymentsOf(continued), scope.inClustersOf(continued)));
    return statements;
}

;// CONCATENATED MODULE: ./src/iam/verify-statements.ts

function verifyStatements(input, scope) {
    if (input.verify !== 'full' || !input.verifyReferences)
        return [];
    const all = [input.verifyReferences, ...(input.otherServices ?? []).flatMap(o => o.verifyReferences ?? [])];
    const refs = {
        logGroups: all.flatMap(r => r.logGroups),
        secrets: all.flatMap(r => r.secrets),
        parameters: all.flatMap(r => r.parameters),
        roles: all.flatMap(r => r.roles)
    };
    const statements = [];
    const regions = [...new Set(refs.logGroups.map(g => g.region ?? input.region))];
    if (regions.length > 0)
        statements.push(allow('VerifyLogGroups', ['logs:DescribeLogGroups'], regions.map(r => scope.arn('logs', 'log-group:*', r))));
    // A valueFrom may name a secret by its full ARN or without ECS's random suffix: allow both spellings.
    const secrets = [...new Set(refs.secrets.flatMap(s => [s.id, `${s.id}-??????`]))];
    if (secrets.length > 0)
        statements.push(allow('VerifySecrets', ['secretsmanager:DescribeSecret'], secrets));
    if (refs.parameters.length > 0)
        statements.push(allow('VerifyParameters', ['ssm:DescribeParameters'], '*'));
    const verifyRoles = [...new Set(refs.roles.map(r => r.arn))];
    if (verifyRoles.length > 0)
        statements.push(allow('VerifyRoles', ['iam:GetRole'], verifyRoles));
    return statements;
}

;// CONCATENATED MODULE: ./src/iam/policy.ts
// The least-privilege IAM policy one deploy needs, decided from the deploy's own settings (pure): the statements of
// each concern (image, task definitions and services, CodeDeploy, service deployments, the one-off task, logs and
// roles, verify) in one order. Scopes follow the Service Authorization Reference: task definition actions and
// ecr:GetAuthorizationToken support no resource-level permissions ("*"); services, repositories, log streams and
// roles do.







function deployPolicy(input) {
    const scope = scopeOf(input);
    return {
        Version: '2012-10-17',
        Statement: [
            ...imageStatements(input, scope),
            ...taskDefinitionStatements(input, scope),
            ...updateServiceStatements(input, scope),
            ...codeDeployStatements(input, scope),
            ...readTasksStatements(input, scope),
            ...serviceDeploymentStatements(input, scope),
            ...targetGroupStatements(input),
            ...runTaskStatements(input, scope),
            ...logsAndRolesStatements(input, scope),
            ...verifyStatements(input, scope)
        ]
    };
}
/** Each statement's Sid and actions: what an end-to-end test removes one at a time to prove each is needed. */
function policyStatements(policy) {
    return policy.Statement.map(s => ({ sid: s.Sid, actions: [...s.Action] }));
}
/** The same policy without one statement. */
function withoutStatement(policy, sid) {
    return { ...policy, Statement: policy.Statement.filter(s => s.Sid !== sid) };
}

;// CONCATENATED MODULE: ./src/iam/policy-input.ts
// The policy input of a deploy, from its settings and task definitions (families, roles, log groups and tags are
// read from them): what the plan, the dry run and the CLI hand the builder.





/** The policy for a deploy of this task definition, as pretty JSON (for the dry run, the output and the CLI). */
function iamPolicyFor(input) {
    return JSON.stringify(deployPolicy(deployPolicyInputFor(input)), null, 2);
}
function deployPolicyInputFor(input) {
    const others = (input.otherServices ?? []).map(o => servicePolicyInput(o, input));
    return {
        region: input.region,
        accountId: input.accountId,
        repository: input.repository,
        pushImage: input.pushImage,
        registryLogin: input.registryLogin,
        ...servicePolicyInput(input, input),
        rollback: input.rollback,
        describeTasks: input.describeTasks,
        ...serviceDeploymentActions(input),
        readTargetGroups: input.readTargetGroups,
        ...(input.runTask ? { runTask: runTaskPolicyInput(input.runTask, input.taskDefinition) } : {}),
        verify: input.verify,
        ...(input.stagedDeployment ? { stagedDeployment: input.stagedDeployment } : {}),
        ...(others.length > 0 ? { otherServices: others } : {})
    };
}
/** One service's part of the policy input, from its task definition (family, roles, log groups, tags). */
function servicePolicyInput(service, input) {
    const td = service.taskDefinition;
    const refs = (0,references/* rolesAndLogGroups */.p)(td);
    const family = (0,types/* asRecord */.qY)(td).family;
    const inlineTags = (0,types/* asRecord */.qY)(td).tags;
    return {
        cluster: service.cluster,
        service: service.service,
        family: typeof family === 'string' ? family : '*',
        taskRoleArn: refs.taskRoleArn,
        executionRoleArn: refs.executionRoleArn,
        logGroups: refs.logGroups,
        tagTaskDefinition: (service.tags?.length ?? 0) > 0 || (Array.isArray(inlineTags) && inlineTags.length > 0),
        readTargetGroups: service.readTargetGroups,
        verifyReferences: input.verify === 'full' ? (0,findings/* fullReferences */.U_)(td, input.accountId) : undefined,
        ...(service.stagedDeployment ? { stagedDeployment: service.stagedDeployment } : {}),
        ...(service.codedeploy ? { codedeploy: service.codedeploy } : {})
    };
}
/** What the rolling path does with service deployments: read them while following, stop one to roll back. */
function serviceDeploymentActions(input) {
    // A CODE_DEPLOY service's deployments are CodeDeploy's: the statements leave it out of the rolling services.
    const has = input.serviceDeployments ?? true;
    const followed = input.describeTasks ?? true;
    return {
        readServiceDeployments: has && followed,
        stopServiceDeployment: has && ((input.rollback && followed) || input.rollbackOnCancel === true)
    };
}
function runTaskPolicyInput(runTask, serviceTd) {
    const td = runTask.taskDefinition ?? serviceTd;
    const own = runTask.taskDefinition ? (0,references/* rolesAndLogGroups */.p)(runTask.taskDefinition) : undefined;
    const group = containerLogGroup(td, runTask.container);
    return {
        family: runTask.family,
        logGroups: group ? [group] : [],
        roleArns: [own?.taskRoleArn, own?.executionRoleArn].filter((r) => !!r)
    };
}
/** The awslogs group of one container. */
function containerLogGroup(td, container) {
    const group = (0,logs/* awslogsOptions */.XH)(td, container)?.['awslogs-group'];
    return typeof group === 'string' && group !== '' ? group : undefined;
}

// EXTERNAL MODULE: ./src/run-task/plan.ts
var plan = __webpack_require__(6994);
// EXTERNAL MODULE: ./src/run-task/request.ts
var request = __webpack_require__(2544);
// EXTERNAL MODULE: ./src/rollout/drain.ts
var drain = __webpack_require__(1091);
// EXTERNAL MODULE: ./src/taskdef/diff.ts
var diff = __webpack_require__(5889);
// EXTERNAL MODULE: ./src/taskdef/index.ts + 5 modules
var taskdef = __webpack_require__(6870);
;// CONCATENATED MODULE: ./src/plan.ts














function planRelease(input) {
    const { settings, source, existing, target } = input;
    const imageUri = (0,image_source/* imageUriFor */.Zz)(source, existing?.digest, settings);
    const serviceInputs = input.services ?? [
        {
            entry: settings.services[0],
            settings,
            taskDefinition: input.taskDefinition,
            taskDefinitionChanges: input.taskDefinitionChanges,
            taskDefinitionOrigin: input.taskDefinitionOrigin,
            target,
            codedeploy: input.codedeploy,
            appSpec: input.appSpec
        }
    ];
    // Before anything is pushed or registered: a service this action cannot deploy yet is refused here.
    const services = serviceInputs.map(s => planService(s, imageUri, serviceInputs.length > 1));
    const [first] = services;
    if (!first)
        throw new Error('planRelease: no service to plan'); // readSettings gives one at least
    const { taskDefinition, deployment } = first;
    const staged = deployment?.path === 'ecs-staged';
    const codedeploy = deployment?.codedeploy;
    const building = source.kind === 'build';
    const service = settings.mode.service;
    // The rolling services' service deployments are read and stopped; a CODE_DEPLOY first service has none.
    const rollingTarget = services.find(s => s.deployment?.path === 'ecs-rolling')?.target ?? target;
    const runTask = settings.runTask &&
        (0,plan/* planRunTask */.O9)({
            settings: settings.runTask,
            rendered: input.runTaskDefinition
                ? (0,taskdef/* renderTaskDefinition */.P9)(input.runTaskDefinition.definition, {
                    containerName: settings.runTask.container,
                    image: imageUri
                })
                : taskDefinition.rendered,
            ownTaskDefinition: input.runTaskDefinition !== undefined,
            imageUri,
            cluster: settings.cluster,
            service: target?.service,
            startedBy: (0,request/* startedByFor */.Of)(input.release?.ref ?? 'release', input.release?.shortSha ?? '')
        });
    return {
        source,
        existing,
        imageStep: existing ? 'reuse' : building ? 'build' : 'unverified',
        javaBuild: input.javaBuild,
        engineRequest: source.kind === 'build' ? (0,push/* imageRequest */.zc)(settings, source, input.labels) : undefined,
        taskDefinition,
        iamPolicy: iamPolicyFor({
            region: input.region,
            accountId: input.account ?? connect/* PLACEHOLDER_ACCOUNT */.yH,
            repository: source.repository
                ? { name: source.repository, registryId: source.registryId, region: source.region }
                : undefined,
            pushImage: building,
            // A repository given by name is found through ECR's login, also when nothing is pushed.
            registryLogin: building || source.registryFromLogin === true,
            cluster: settings.cluster,
            service: service ?? 'SERVICE',
            taskDefinition: input.taskDefinition.definition,
            tags: input.taskDefinition.tags,
            rollback: settings.rollbackOnFailure,
            describeTasks: settings.waitForServiceStability,
            // A service whose deployments predate the Service Deployments API has none to read or stop.
            serviceDeployments: rollingTarget ? !!rollingTarget.service.currentServiceDeployment : true,
            rollbackOnCancel: settings.onCancel === 'rollback',
            // The rolling watch reads the drain; a service deployment or CodeDeploy says itself when it is done.
            readTargetGroups: !codedeploy &&
                !staged &&
                settings.waitForServiceStability &&
                (0,drain/* targetGroupArns */.PQ)(target?.service).length > 0,
            ...(codedeploy ? { codedeploy: codeDeployAccess(codedeploy, settings) } : {}),
            runTask: runTask && {
                family: runTask.family,
                taskDefinition: input.runTaskDefinition?.definition,
                tags: input.runTaskDefinition?.tags,
                container: runTask.container
            },
            verify: settings.verify,
            ...(staged
                ? {
                    stagedDeployment: {
                        stop: settings.rollbackOnFailure || settings.onCancel === 'rollback',
                        continue: settings.onPause === 'continue'
                    }
                }
                : {}),
            otherServices: services.slice(1).map(s => ({
                cluster: s.settings.cluster,
                service: s.entry?.service ?? 'SERVICE',
                taskDefinition: s.loaded.definition,
                tags: s.loaded.tags,
                readTargetGroups: s.deployment?.path === 'ecs-rolling' &&
                    settings.waitForServiceStability &&
                    (0,drain/* targetGroupArns */.PQ)(s.target?.service).length > 0,
                ...(s.deployment?.codedeploy
                    ? { codedeploy: codeDeployAccess(s.deployment.codedeploy, settings) }
                    : {}),
                ...(s.deployment?.path === 'ecs-staged'
                    ? {
                        stagedDeployment: {
                            stop: settings.rollbackOnFailure || settings.onCancel === 'rollback',
                            continue: settings.onPause === 'continue'
                        }
                    }
                    : {})
            }))
        }),
        target: first.target,
        deployment,
        runTask,
        services
    };
}
/** One service's part of the release: its task definition for this image, and how it is deployed. */
function planService(input, imageUri, several) {
    const { settings, target } = input;
    const choice = target ? (0,path/* chooseDeploymentPath */.c)(target.service) : undefined;
    if (choice && 'unsupported' in choice)
        throw new path/* DeploymentNotSupported */.D(several && input.entry ? `${input.entry.input}: ${choice.unsupported}` : choice.unsupported);
    const taskDefinition = {
        ...planTaskDefinition(input.taskDefinition, settings, imageUri, target, input.taskDefinitionChanges),
        origin: input.taskDefinitionOrigin
    };
    // wait-until against the strategy, before any change too.
    const strategy = target?.service.deploymentConfiguration?.strategy ?? 'ROLLING';
    const untilProblem = choice && (0,staged_plan/* waitUntilProblem */.x)(choice.path, strategy, settings.waitUntil);
    if (untilProblem)
        throw new src_settings/* SettingsError */.GN([several && input.entry ? `${input.entry.input}: ${untilProblem}` : untilProblem]);
    const service = settings.mode.service;
    let deployment;
    if (choice && target && service) {
        // An earlier attempt of this run is followed, not waited for, only when this run would not start another.
        const follows = taskDefinition.sameAsCurrent && !settings.forceNewDeployment && settings.desiredCount === undefined;
        const own = follows ? (0,facts/* ownDeployment */.KE)(target.service, (0,facts/* isOwnAttempt */.YR)(target.current, imageUri)) : undefined;
        const request = {
            cluster: settings.cluster,
            service,
            described: target.service,
            ownDeploymentId: own?.id,
            forceNewDeployment: settings.forceNewDeployment,
            desiredCount: settings.desiredCount,
            onBusy: settings.onBusy,
            timeoutMs: settings.waitForMinutes * 60_000,
            maxTaskFailures: settings.maxTaskFailures,
            followEcsRollback: settings.rollbackOnFailure,
            serviceSettings: settings.serviceSettings,
            waitUntil: settings.waitUntil,
            onPause: settings.onPause,
            region: settings.region
        };
        const done = choice.path === 'ecs-staged' ? (0,staged_plan/* stagedDoneMeaning */.w)(target.service, settings.waitUntil) : undefined;
        deployment = {
            ...choice,
            request,
            busy: (0,facts/* busyDeployments */.Gg)(target.service, own?.id),
            ...(done ? { done } : {})
        };
        if (choice.path === 'codedeploy') {
            // Each CODE_DEPLOY service of `services` has its own application and group (its entry's codedeploy-* keys).
            if (!input.codedeploy)
                throw new path/* DeploymentNotSupported */.D('The CodeDeploy deployment group was not read.');
            const planned = planCodeDeployFor(several ? input.entry : undefined, {
                settings,
                service: target.service,
                serviceInput: service,
                target: input.codedeploy,
                appSpec: input.appSpec,
                rendered: taskDefinition.rendered
            });
            // CodeDeploy refuses a second deployment in the group itself; on-busy is applied then.
            deployment = { ...deployment, busy: [], codedeploy: planned.request, notes: planned.notes };
        }
    }
    return {
        entry: input.entry,
        settings,
        loaded: input.taskDefinition,
        loadedChanges: input.taskDefinitionChanges ?? [],
        taskDefinition,
        target,
        deployment
    };
}
/** The task definition for this image; the run renders again only when the pushed digest changes the image. */
function planTaskDefinition(loaded, settings, imageUri, target, overrideChanges = []) {
    const rendered = (0,taskdef/* renderImage */.mx)(loaded.definition, settings.containerNames, imageUri);
    const current = target?.current;
    return {
        family: loaded.family,
        imageUri,
        rendered,
        tags: loaded.tags,
        // What the inputs changed in the task definition they started from, then how it differs from what runs.
        changes: [
            ...overrideChanges.map(c => `input: ${c}`),
            ...(current ? (0,diff/* diffTaskDefinitions */.n2)(current, rendered) : [])
        ],
        sameAsCurrent: current?.taskDefinitionArn !== undefined && (0,diff/* taskDefinitionsEqual */.Qe)(rendered, current)
    };
}


/***/ }),

/***/ 5362:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Wr: () => (/* binding */ startLogFollow),
/* harmony export */   XH: () => (/* binding */ awslogsOptions),
/* harmony export */   aM: () => (/* binding */ logStreamOf),
/* harmony export */   eT: () => (/* binding */ afterLogPage)
/* harmony export */ });
/* unused harmony export LAST_LINES */
/* harmony import */ var _taskdef_types_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1433);
// Following a container's awslogs stream with GetLogEvents forward tokens: which stream, and what is new. Pure.

/** The awslogs options of one container; undefined when it logs elsewhere. */
function awslogsOptions(td, container) {
    const defs = (0,_taskdef_types_js__WEBPACK_IMPORTED_MODULE_0__/* .asRecord */ .qY)(td).containerDefinitions;
    const def = Array.isArray(defs) ? defs.find(c => (0,_taskdef_types_js__WEBPACK_IMPORTED_MODULE_0__/* .isObject */ .Gv)(c) && c.name === container) : undefined;
    const log = (0,_taskdef_types_js__WEBPACK_IMPORTED_MODULE_0__/* .isObject */ .Gv)(def) ? def.logConfiguration : undefined;
    if (!(0,_taskdef_types_js__WEBPACK_IMPORTED_MODULE_0__/* .isObject */ .Gv)(log) || log.logDriver !== 'awslogs' || !(0,_taskdef_types_js__WEBPACK_IMPORTED_MODULE_0__/* .isObject */ .Gv)(log.options))
        return undefined;
    return log.options;
}
/** The awslogs stream of `container` in task `taskId`: `<prefix>/<container>/<task id>`; undefined without one. */
function logStreamOf(td, container, taskId) {
    const options = awslogsOptions(td, container);
    if (!options)
        return undefined;
    const group = options['awslogs-group'];
    const prefix = options['awslogs-stream-prefix'];
    if (typeof group !== 'string' || typeof prefix !== 'string' || group === '' || prefix === '')
        return undefined;
    const region = options['awslogs-region'];
    return {
        group,
        stream: `${prefix}/${container}/${taskId}`,
        ...(typeof region === 'string' && region !== '' ? { region } : {})
    };
}
const LAST_LINES = 20;
function startLogFollow() {
    return { last: [], total: 0 };
}
/**
 * The state after a page, and whether to read on at once. The end of the stream, for now, is the page that
 * returns the token it was asked with (CloudWatch Logs' own rule), or no token at all.
 */
function afterLogPage(state, page, keep = LAST_LINES) {
    const atEnd = page.nextForwardToken === undefined || page.nextForwardToken === state.token;
    return {
        state: {
            token: page.nextForwardToken ?? state.token,
            last: [...state.last, ...page.lines].slice(-keep),
            total: state.total + page.lines.length
        },
        more: !atEnd && page.lines.length > 0
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


/***/ }),

/***/ 3271:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BW: () => (/* binding */ buildPlatformFinding),
/* harmony export */   Gz: () => (/* binding */ VerifyError),
/* harmony export */   H8: () => (/* binding */ trustsEcsTasks),
/* harmony export */   Iu: () => (/* binding */ fullFindings),
/* harmony export */   U_: () => (/* binding */ fullReferences),
/* harmony export */   Vu: () => (/* binding */ loadBalancerFindings),
/* harmony export */   ju: () => (/* binding */ platformFinding)
/* harmony export */ });
/* unused harmony exports buildPlatforms, secretArnOf, parameterNameOf */
/* harmony import */ var _image_platform_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2554);
/* harmony import */ var _taskdef_types_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1433);


/** Refuses the run: every finding, before anything was pushed, registered or updated. */
class VerifyError extends Error {
    findings;
    constructor(findings) {
        super(`Pre-flight check failed (verify); nothing was pushed, registered or updated:\n${findings
            .map(f => `  - ${f.field}: ${f.message}`)
            .join('\n')}`);
        this.findings = findings;
        this.name = 'VerifyError';
    }
}
const containersOf = (td) => {
    const list = (0,_taskdef_types_js__WEBPACK_IMPORTED_MODULE_1__/* .asRecord */ .qY)(td).containerDefinitions;
    return Array.isArray(list) ? list.filter(_taskdef_types_js__WEBPACK_IMPORTED_MODULE_1__/* .isObject */ .Gv) : [];
};
/** The image's platforms against runtimePlatform; `image` says which image (and how its platform is known). */
function platformFinding(image, platforms, runtimePlatform) {
    const message = (0,_image_platform_js__WEBPACK_IMPORTED_MODULE_0__/* .platformMismatch */ .ky)(image, platforms, runtimePlatform);
    return message ? { field: 'runtimePlatform', message } : undefined;
}
const NODE_ARCHITECTURES = { x64: 'amd64', arm64: 'arm64', arm: 'arm' };
/** The platforms a build makes: the `platform` input (comma separated), else the build machine's own. */
function buildPlatforms(platformInput, machineArch) {
    const given = (platformInput ?? '')
        .split(',')
        .map(p => p.trim())
        .filter(p => p !== '');
    if (given.length === 0)
        return [{ os: 'linux', architecture: NODE_ARCHITECTURES[machineArch] ?? machineArch }];
    return given.map(p => {
        const [os = '', architecture = '', variant] = p.split('/');
        return { os, architecture, ...(variant ? { variant } : {}) };
    });
}
/** Before building: would the build make an image the task definition can run? */
function buildPlatformFinding(imageUri, platformInput, machineArch, runtimePlatform) {
    const platforms = buildPlatforms(platformInput, machineArch);
    const how = platformInput ? 'platform input' : `build machine's platform (no platform input)`;
    const finding = platformFinding(`${imageUri} (built for the ${how})`, platforms, runtimePlatform);
    if (!finding)
        return undefined;
    const wanted = (0,_image_platform_js__WEBPACK_IMPORTED_MODULE_0__/* .wantedPlatform */ .zT)(runtimePlatform);
    return platformInput
        ? {
            field: 'platform',
            message: `${finding.message} (platform is ${platformInput}; add ${wanted.os}/${wanted.architecture})`
        }
        : finding;
}
/** Each of the service's load balancers names a container and port that the rendered task definition has. */
function loadBalancerFindings(loadBalancers, td) {
    const containers = containersOf(td);
    const findings = [];
    (loadBalancers ?? []).forEach((lb, i) => {
        if (!lb.containerName)
            return;
        const field = `service loadBalancers[${i}]`;
        const container = containers.find(c => c.name === lb.containerName);
        const names = containers.map(c => String(c.name)).join(', ');
        if (!container) {
            findings.push({
                field: `${field}.containerName`,
                message: `the service sends load balancer traffic to container "${lb.containerName}", which the task definition does not have (its containers: ${names}); rename the container in the task definition, or change the service's load balancer`
            });
            return;
        }
        if (lb.containerPort === undefined)
            return;
        const mappings = Array.isArray(container.portMappings) ? container.portMappings.filter(_taskdef_types_js__WEBPACK_IMPORTED_MODULE_1__/* .isObject */ .Gv) : [];
        const ports = mappings.map(m => m.containerPort).filter(p => typeof p === 'number');
        if (!ports.includes(lb.containerPort))
            findings.push({
                field: `${field}.containerPort`,
                message: `the service sends load balancer traffic to port ${lb.containerPort} of container "${lb.containerName}", which maps ${ports.length > 0 ? `only port(s) ${ports.join(', ')}` : 'no port'}; add {"containerPort": ${lb.containerPort}} to its portMappings, or change the service's load balancer`
            });
    });
    return findings;
}
/** The Secrets Manager secret of a valueFrom: the ARN without a JSON key, version stage or version id. */
function secretArnOf(valueFrom) {
    const parts = valueFrom.split(':');
    if (parts[0] !== 'arn' || parts[2] !== 'secretsmanager' || parts[5] !== 'secret')
        return undefined;
    return parts.slice(0, 7).join(':');
}
/** The SSM parameter name of a valueFrom (an ARN names `/a/b` as `parameter/a/b`); undefined for other ARNs. */
function parameterNameOf(valueFrom) {
    if (!valueFrom.startsWith('arn:'))
        return valueFrom;
    const parts = valueFrom.split(':');
    const resource = parts.slice(5).join(':');
    if (parts[2] !== 'ssm' || !resource.startsWith('parameter/'))
        return undefined;
    const name = resource.slice('parameter/'.length);
    return name.includes('/') ? `/${name}` : name;
}
function fullReferences(td, accountId) {
    const refs = { logGroups: [], secrets: [], parameters: [], roles: [] };
    containersOf(td).forEach((c, i) => {
        const at = `containerDefinitions[${i}]`;
        const log = (0,_taskdef_types_js__WEBPACK_IMPORTED_MODULE_1__/* .isObject */ .Gv)(c.logConfiguration) ? c.logConfiguration : undefined;
        const options = (0,_taskdef_types_js__WEBPACK_IMPORTED_MODULE_1__/* .isObject */ .Gv)(log?.options) ? log.options : {};
        const group = options['awslogs-group'];
        // With awslogs-create-group the execution role creates the group on the first start.
        if (log?.logDriver === 'awslogs' &&
            typeof group === 'string' &&
            options['awslogs-create-group'] !== 'true')
            refs.logGroups.push({
                name: group,
                region: typeof options['awslogs-region'] === 'string' ? options['awslogs-region'] : undefined,
                field: `${at}.logConfiguration.options.awslogs-group`
            });
        const lists = [
            [c.secrets, `${at}.secrets`],
            [log?.secretOptions, `${at}.logConfiguration.secretOptions`]
        ];
        for (const [list, path] of lists) {
            if (!Array.isArray(list))
                continue;
            list.forEach((s, j) => {
                const valueFrom = (0,_taskdef_types_js__WEBPACK_IMPORTED_MODULE_1__/* .isObject */ .Gv)(s) ? s.valueFrom : undefined;
                if (typeof valueFrom !== 'string' || valueFrom === '')
                    return;
                const field = `${path}[${j}].valueFrom`;
                const secret = secretArnOf(valueFrom);
                const parameter = secret ? undefined : parameterNameOf(valueFrom);
                if (secret)
                    refs.secrets.push({ id: secret, field });
                else if (parameter)
                    refs.parameters.push({ name: parameter, field });
            });
        }
    });
    const record = (0,_taskdef_types_js__WEBPACK_IMPORTED_MODULE_1__/* .asRecord */ .qY)(td);
    for (const key of ['taskRoleArn', 'executionRoleArn']) {
        const role = record[key];
        if (typeof role !== 'string' || role === '')
            continue;
        const arn = role.startsWith('arn:')
            ? role
            : accountId
                ? `arn:aws:iam::${accountId}:role/${role}`
                : undefined;
        if (arn)
            refs.roles.push({ arn, field: key });
    }
    return refs;
}
function fullFindings(refs, found) {
    const findings = [];
    for (const g of refs.logGroups)
        if (!found.logGroupExists(g.name, g.region))
            findings.push({
                field: g.field,
                message: `the log group "${g.name}" does not exist${g.region ? ` in ${g.region}` : ''}, so no task can start; create it (aws logs create-log-group --log-group-name ${g.name}) or set "awslogs-create-group": "true" (the execution role then needs logs:CreateLogGroup)`
            });
    for (const s of refs.secrets)
        if (!found.secretExists(s.id))
            findings.push({
                field: s.field,
                message: `the Secrets Manager secret ${s.id} does not exist, so no task can start; create it or fix valueFrom`
            });
    for (const p of refs.parameters)
        if (!found.parameterExists(p.name))
            findings.push({
                field: p.field,
                message: `the SSM parameter "${p.name}" does not exist, so no task can start; create it (aws ssm put-parameter --name ${p.name} --type SecureString ...) or fix valueFrom`
            });
    for (const r of refs.roles) {
        const trust = found.roleTrust(r.arn);
        if (!trust)
            findings.push({
                field: r.field,
                message: `the role ${r.arn} does not exist; create it or fix ${r.field}`
            });
        else if (!trust.trustsEcsTasks)
            findings.push({
                field: r.field,
                message: `the role ${r.arn} does not trust ecs-tasks.amazonaws.com, so ECS cannot use it; add a trust policy statement allowing the service principal ecs-tasks.amazonaws.com to sts:AssumeRole`
            });
    }
    return findings;
}
/** Does a role's trust policy (as JSON text) let ecs-tasks.amazonaws.com assume it? */
function trustsEcsTasks(policyJson) {
    let policy;
    try {
        policy = JSON.parse(policyJson);
    }
    catch {
        return false;
    }
    const list = (v) => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
    const statements = (0,_taskdef_types_js__WEBPACK_IMPORTED_MODULE_1__/* .isObject */ .Gv)(policy) ? list(policy.Statement) : [];
    return statements.some(s => {
        if (!(0,_taskdef_types_js__WEBPACK_IMPORTED_MODULE_1__/* .isObject */ .Gv)(s) || s.Effect !== 'Allow')
            return false;
        const actions = list(s.Action);
        const assumes = actions.some(a => a === 'sts:AssumeRole' || a === 'sts:*' || a === '*');
        const principal = (0,_taskdef_types_js__WEBPACK_IMPORTED_MODULE_1__/* .isObject */ .Gv)(s.Principal) ? s.Principal : {};
        return assumes && list(principal.Service).includes('ecs-tasks.amazonaws.com');
    });
}


/***/ })

};
