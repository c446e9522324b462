export const id = 210;
export const ids = [210];
export const modules = {

/***/ 656:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   loadEntryAppSpecs: () => (/* binding */ loadEntryAppSpecs),
/* harmony export */   readServicesCodeDeploy: () => (/* binding */ readServicesCodeDeploy)
/* harmony export */ });
/* harmony import */ var _deploy_appspec_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3747);
/* harmony import */ var _deploy_codedeploy_inspect_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7652);
/* harmony import */ var _deploy_path_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9776);
/* harmony import */ var _settings_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2966);




/** Each entry's codedeploy-appspec, parsed (one ECS TargetService), before any AWS call; undefined without one. */
async function loadEntryAppSpecs(entries) {
    const loaded = [];
    for (const entry of entries) {
        const path = entry?.codedeploy?.appSpecPath;
        loaded.push(path ? await naming(entry, () => (0,_deploy_appspec_js__WEBPACK_IMPORTED_MODULE_0__.loadAppSpec)(path)) : undefined);
    }
    return loaded;
}
/**
 * The application, deployment group and configuration of every CODE_DEPLOY service, read in one stage; an entry
 * that gives codedeploy-* keys for a service of another controller is warned about (they are ignored).
 */
async function readServicesCodeDeploy(services, targets, appSpecs, io) {
    const codeDeployed = services.map((_, i) => {
        const target = targets[i];
        const choice = target ? (0,_deploy_path_js__WEBPACK_IMPORTED_MODULE_2__/* .chooseDeploymentPath */ .c)(target.service) : undefined;
        return !!choice && 'path' in choice && choice.path === 'codedeploy';
    });
    services.forEach((s, i) => {
        const given = Object.keys(s.entry?.codedeploy ?? {});
        const target = targets[i];
        if (codeDeployed[i] || !target || given.length === 0 || !s.entry)
            return;
        const keys = given.map(key => `${s.entry.input}.${ENTRY_KEY_NAMES[key] ?? key}`);
        s.logger.warning(`${keys.join(', ')} ${keys.length > 1 ? 'are' : 'is'} ignored: the service ${target.service.serviceName} does not use the CODE_DEPLOY deployment controller.`, { title: 'Input ignored' });
    });
    if (!codeDeployed.includes(true)) {
        const release = services[0]?.settings.codedeploy;
        const given = [
            release?.deploymentConfig ? _settings_index_js__WEBPACK_IMPORTED_MODULE_3__/* .Inputs */ .G0.codedeployDeploymentConfig : '',
            release?.description ? _settings_index_js__WEBPACK_IMPORTED_MODULE_3__/* .Inputs */ .G0.codedeployDeploymentDescription : ''
        ].filter(Boolean);
        if (given.length > 0 && targets.every(t => t !== undefined))
            io.logger.warning(`${given.join(', ')} ${given.length > 1 ? 'are' : 'is'} ignored: no service of the release uses the CODE_DEPLOY deployment controller.`, { title: 'Input ignored' });
        return services.map(() => ({}));
    }
    return io.stage('Read CodeDeploy', async () => {
        const read = [];
        for (const [i, s] of services.entries()) {
            const service = s.settings.mode.service;
            if (!codeDeployed[i] || !service) {
                read.push({});
                continue;
            }
            const codedeploy = await naming(s.entry, () => (0,_deploy_codedeploy_inspect_js__WEBPACK_IMPORTED_MODULE_1__/* .inspectCodeDeploy */ .HT)(s.settings.codedeploy, s.settings.cluster, service, io.codedeploy, s.logger, io.region));
            read.push({ codedeploy, ...(appSpecs[i] ? { appSpec: appSpecs[i] } : {}) });
        }
        return read;
    });
}
/** The entry's keys by their CodeDeploySettings field. */
const ENTRY_KEY_NAMES = {
    application: _settings_index_js__WEBPACK_IMPORTED_MODULE_3__/* .Inputs */ .G0.codedeployApplication,
    deploymentGroup: _settings_index_js__WEBPACK_IMPORTED_MODULE_3__/* .Inputs */ .G0.codedeployDeploymentGroup,
    appSpecPath: _settings_index_js__WEBPACK_IMPORTED_MODULE_3__/* .Inputs */ .G0.codedeployAppspec
};
/** Runs `fn`; what it finds wrong names the entry (services[1].codedeploy-appspec ..., services[1] (service web): ...). */
async function naming(entry, fn) {
    try {
        return await fn();
    }
    catch (e) {
        if (!entry || entry.input === _settings_index_js__WEBPACK_IMPORTED_MODULE_3__/* .Inputs */ .G0.service)
            throw e;
        if (e instanceof _settings_index_js__WEBPACK_IMPORTED_MODULE_3__/* .SettingsError */ .GN)
            throw new _settings_index_js__WEBPACK_IMPORTED_MODULE_3__/* .SettingsError */ .GN(e.problems.map(p => `${entry.input}.${p}`));
        if (e instanceof Error)
            e.message = `${entry.input} (service ${entry.name}): ${e.message}`;
        throw e;
    }
}


/***/ }),

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

/***/ 8210:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  readAws: () => (/* binding */ readAws)
});

// EXTERNAL MODULE: ./src/aws/connect.ts
var connect = __webpack_require__(7771);
// EXTERNAL MODULE: ./src/image/push.ts
var push = __webpack_require__(5133);
// EXTERNAL MODULE: ./src/image/source.ts
var source = __webpack_require__(372);
// EXTERNAL MODULE: ./src/aws/ecr-uri.ts
var ecr_uri = __webpack_require__(9768);
// EXTERNAL MODULE: ./src/aws/errors.ts
var errors = __webpack_require__(9378);
// EXTERNAL MODULE: ./src/image/reference.ts
var reference = __webpack_require__(3564);
;// CONCATENATED MODULE: ./src/image/pinned.ts
// The images container-images pins other containers to: an image in ECR must exist there before anything changes,
// as the `image` input's must; an image in another registry cannot be verified and is said so.




/** Looks up every pinned image that is in ECR (by its host, or the host of ECR's login); throws for a missing one. */
async function verifyPinnedImages(images, aws, deps, cleanups) {
    if (!aws.identity || images.length === 0)
        return;
    let loginHost;
    for (const { container, image } of images) {
        const parsed = (0,reference/* parseImageReference */.o_)(image);
        if ('problem' in parsed)
            throw new ecr_uri/* EcrError */.JA(`container-images: the image for ${container} ${parsed.problem}.`);
        const registry = (0,reference/* ecrRegistryOf */.Bv)(parsed.registry);
        if (!registry && parsed.registry && loginHost === undefined)
            loginHost = await aws.apis.ecr.login().then(l => l.host, () => '');
        if (!registry && (!parsed.registry || parsed.registry !== loginHost)) {
            deps.logger.info(`container-images: ${image} (${container}) is not in ECR; ECS pulls it as it is.`);
            continue;
        }
        const region = registry?.region ?? aws.region;
        const ecr = (0,connect/* ecrInRegion */.ce)(region, aws, deps, cleanups);
        const ref = parsed.digest ? { digest: parsed.digest } : { tag: parsed.tag ?? 'latest' };
        let found;
        try {
            found = await ecr.findImage(parsed.repository, registry?.registryId, ref);
        }
        catch (e) {
            if (!(e instanceof errors/* AwsCallError */.iQ) && !(e instanceof ecr_uri/* EcrError */.JA))
                throw e;
            throw new ecr_uri/* EcrError */.JA(`container-images: looking up ${image} (${container}) in ECR in ${region} failed; nothing was changed. ${e.message}`);
        }
        if (!found)
            throw new ecr_uri/* EcrError */.JA(`container-images: ${image} (${container}) is not in ECR (looked up in ${region}); nothing was changed. ` +
                `Push it first, or check the tag (aws ecr describe-images --repository-name ${parsed.repository} --region ${region}).`);
        deps.logger.info(`container-images: ${image} (${container}) found in ECR`);
    }
}

// EXTERNAL MODULE: ./src/aws/arn.ts
var arn = __webpack_require__(1626);
// EXTERNAL MODULE: ./src/settings/checks.ts
var checks = __webpack_require__(4816);
;// CONCATENATED MODULE: ./src/deploy/inspect.ts



async function inspectService(cluster, name, ecs, logger, where) {
    const service = await ecs.describeService(cluster, name).catch((e) => {
        // ECS's bare "Cluster not found." with the cluster, region and account, and what to check.
        if (e instanceof errors/* AwsCallError */.iQ && (0,errors/* errorName */.Is)(e.cause) === 'ClusterNotFoundException')
            throw new errors/* EcsError */.YX((0,checks/* clusterNotFoundMessage */.rX)(cluster, where.region, where.account));
        throw e;
    });
    if (!service || service.status === 'INACTIVE')
        throw new errors/* EcsError */.YX(`The service "${name}" does not exist in cluster "${cluster}"; create it first, or fix service / cluster / aws-region.`);
    if (service.status !== 'ACTIVE')
        throw new errors/* EcsError */.YX(`The service "${name}" is ${service.status}, not ACTIVE; it cannot be deployed to.`);
    const current = service.taskDefinition
        ? await ecs.describeTaskDefinition(service.taskDefinition)
        : undefined;
    logger.info(`Service ${service.serviceName} runs ${(0,arn/* shortArn */.k)(service.taskDefinition ?? 'nothing yet')}, ${service.runningCount ?? 0}/${service.desiredCount ?? 0} tasks`);
    return { service, current };
}

// EXTERNAL MODULE: ./src/settings/types.ts
var types = __webpack_require__(1664);
// EXTERNAL MODULE: ./src/taskdef/index.ts + 5 modules
var taskdef = __webpack_require__(6870);
// EXTERNAL MODULE: ./src/run-task/plan.ts
var plan = __webpack_require__(6994);
;// CONCATENATED MODULE: ./src/run-task/load.ts



/** The one-off task's own task definition (undefined: it runs the service's); throws what is wrong. */
function runTaskLoaded(settings, service, logger) {
    const runTask = settings.runTask;
    if (!runTask)
        return undefined;
    const file = runTask.taskDefinitionPath;
    const own = file ? (0,taskdef/* loadTaskDefinition */.$5)(file, { containerName: runTask.container }) : undefined;
    for (const warning of own?.warnings ?? [])
        logger.warning(warning, { title: 'Task definition' });
    const loaded = own ?? service;
    // Rendering with a stand-in image checks the container that gets the image, as for task-definition.
    const containerName = own ? runTask.container : settings.containerName;
    const rendered = (0,taskdef/* renderTaskDefinition */.P9)(loaded.definition, { containerName, image: 'validation' });
    const container = runTask.container ?? (0,plan/* imageContainerOf */.cd)(rendered, 'validation');
    const problem = container
        ? (0,plan/* runTaskContainerProblem */.Xt)(rendered, container, loaded.path)
        : `run-task-container is missing; ${loaded.path} has several containers, name the one that runs run-task-command.`;
    if (problem)
        throw new types/* SettingsError */.G([problem]);
    return own;
}

// EXTERNAL MODULE: ./src/settings/index.ts + 8 modules
var src_settings = __webpack_require__(2966);
// EXTERNAL MODULE: ./src/taskdef/source.ts
var taskdef_source = __webpack_require__(3359);
// EXTERNAL MODULE: ./src/services/codedeploy.ts
var services_codedeploy = __webpack_require__(656);
// EXTERNAL MODULE: ./src/services/settings.ts
var services_settings = __webpack_require__(4183);
// EXTERNAL MODULE: ./src/services/shared-reads.ts
var shared_reads = __webpack_require__(5819);
// EXTERNAL MODULE: ./src/stages/read-inputs.ts + 1 modules
var read_inputs = __webpack_require__(7960);
// EXTERNAL MODULE: ./src/deploy/path.ts
var path = __webpack_require__(9776);
// EXTERNAL MODULE: ./src/deploy/codedeploy-inspect.ts
var codedeploy_inspect = __webpack_require__(7652);
;// CONCATENATED MODULE: ./src/stages/read-codedeploy.ts



/**
 * A CODE_DEPLOY service's application, deployment group and configuration, read before any change (the one service
 * of a release; with `services`, readServicesCodeDeploy reads each). Warns when codedeploy-* inputs are given for
 * another.
 */
async function readCodeDeploy(settings, target, several, aws, stage, logger) {
    const service = settings.mode.service;
    const choice = target ? (0,path/* chooseDeploymentPath */.c)(target.service) : undefined;
    if (target && service && !several && choice && 'path' in choice && choice.path === 'codedeploy')
        return stage('Read CodeDeploy', () => (0,codedeploy_inspect/* inspectCodeDeploy */.HT)(settings.codedeploy, settings.cluster, service, aws.apis.codedeploy, logger, aws.region));
    const given = codeDeployInputsGiven(settings);
    if (target && !several && given.length > 0)
        logger.warning(`${given.join(', ')} ${given.length > 1 ? 'are' : 'is'} ignored: the service ${target.service.serviceName} does not use the CODE_DEPLOY deployment controller.`, { title: 'Input ignored' });
    return undefined;
}
/** The codedeploy-* inputs given, by name. */
function codeDeployInputsGiven(settings) {
    const c = settings.codedeploy;
    const given = [
        [src_settings/* Inputs */.G0.codedeployAppspec, c.appSpecPath],
        [src_settings/* Inputs */.G0.codedeployApplication, c.application],
        [src_settings/* Inputs */.G0.codedeployDeploymentGroup, c.deploymentGroup],
        [src_settings/* Inputs */.G0.codedeployDeploymentConfig, c.deploymentConfig],
        [src_settings/* Inputs */.G0.codedeployDeploymentDescription, c.description]
    ];
    return given.filter(([, value]) => value !== undefined).map(([name]) => name);
}

;// CONCATENATED MODULE: ./src/stages/read-aws.ts
// Reading AWS before any change: the account's ARNs, task definitions kept in ECS, where the image comes from and
// what ECR holds, every service as it is (and its CodeDeploy set-up), the one-off task's task definition.














/**
 * The read-only AWS stages: where the image comes from, what ECR holds, the service as it is. Also the ECR of the
 * image's own region, which need not be aws-region's: the image is looked up and pushed there.
 */
async function readAws(local, aws, deps, stage, record, cleanups) {
    const { settings } = local;
    const { logger } = deps;
    const account = (record.account = aws.identity?.account);
    const several = local.services.length > 1;
    // Cluster and service ARNs of another account, before anything is read or changed.
    const otherAccount = account
        ? local.services.flatMap(s => (0,checks/* ecsAccountProblems */.NU)(s.settings, account).map(p => (several && s.entry ? `${s.entry.input}: ${p}` : p)))
        : [];
    if (otherAccount.length > 0)
        throw new src_settings/* SettingsError */.GN(otherAccount);
    const fromEcs = local.services.filter(s => !s.prepared);
    const read = fromEcs.length === 0
        ? []
        : await stage(several ? 'Read task definitions' : 'Read task definition', async () => {
            const done = [];
            for (const s of fromEcs)
                done.push(await (0,services_settings/* forEntry */.Q7)(several ? s.entry : undefined, () => readFromEcs(s, aws)));
            return done;
        });
    const prepared = local.services.map(s => s.prepared ?? read[fromEcs.indexOf(s)]);
    const [firstPrepared] = prepared;
    if (!firstPrepared)
        throw new src_settings/* SettingsError */.GN(['task-definition is missing.']); // readSettings requires a source
    const { taskDefinition } = firstPrepared;
    const image = await stage('Find the image', async () => {
        const found = await (0,source/* resolveImageSource */.Nq)(settings, local.tag, local.additionalTags, aws, aws.apis.ecr, deps);
        await verifyPinnedImages(settings.containerImages, aws, deps, cleanups);
        return found;
    });
    const imageEcr = (0,connect/* ecrInRegion */.ce)(image.region ?? aws.region, aws, deps, cleanups);
    if (image.kind === 'existing' && image.outsideEcr) {
        const choice = settings.imageChoice;
        const credentials = (0,checks/* credentialsParameterOf */.xK)(taskDefinition.definition, settings.containerName);
        const uri = choice.kind === 'uri' ? choice.uri : image.repositoryUri;
        logger.warning((0,checks/* unverifiedImageNote */.Dm)(uri, credentials), { title: 'Image not verified' });
    }
    const existing = await (0,source/* findExistingImage */.mg)(image, aws, imageEcr, logger);
    const where = { region: aws.region, account };
    // Every service read before any change; several share their DescribeServices calls (one per cluster).
    const ecs = several ? (0,shared_reads/* withSharedReads */.Ve)(aws.apis.ecs, (0,shared_reads/* sharedReads */.Fw)(aws.apis.ecs, deps.clock)) : aws.apis.ecs;
    const targets = await Promise.all(local.services.map(s => {
        const service = s.settings.mode.service;
        return aws.identity && service
            ? inspectService(s.settings.cluster, service, ecs, s.logger, where)
            : Promise.resolve(undefined);
    }));
    const target = targets[0];
    const codedeploy = await readCodeDeploy(settings, target, several, aws, stage, logger);
    // With services, each CODE_DEPLOY service's own application, deployment group and configuration.
    const io = { codedeploy: aws.apis.codedeploy, region: aws.region, stage, logger };
    const perService = several
        ? await (0,services_codedeploy.readServicesCodeDeploy)(local.services, targets, local.entryAppSpecs, io)
        : [];
    record.baseline = { family: taskDefinition.family, target, origin: firstPrepared.taskDefinitionOrigin };
    const labels = (0,push/* imageLabels */.J0)(local.release, deps);
    // run-task-task-definition loaded and rendered, run-task-container checked: still before any change.
    const runTaskDefinition = runTaskLoaded(settings, taskDefinition, logger);
    const services = local.services.map((s, i) => ({
        entry: s.entry,
        settings: s.settings,
        ...prepared[i],
        target: targets[i],
        ...(i === 0 ? { codedeploy, appSpec: local.appSpec } : {}),
        ...perService[i]
    }));
    return {
        inputs: {
            ...local,
            ...firstPrepared,
            source: image,
            existing,
            target,
            account,
            labels,
            runTaskDefinition,
            services,
            codedeploy
        },
        imageEcr
    };
}
/** A task definition kept in ECS (task-definition-family or -arn), read and prepared for one service. */
async function readFromEcs(s, aws) {
    const source = s.settings.taskDefinitionSource;
    if (source.kind === 'file')
        throw new src_settings/* SettingsError */.GN(['task-definition is missing.']); // files are read before
    if (!aws.identity)
        throw new src_settings/* SettingsError */.GN([
            `${source.kind === 'arn' ? 'task-definition-arn' : 'task-definition-family'} is read from ECS, which needs AWS credentials, also in a dry run; give credentials (or a task-definition file).`
        ]);
    const read = await (0,taskdef_source/* readTaskDefinitionFromEcs */.Q)(source, aws.apis.ecs, (0,read_inputs/* loadOptions */.ZG)(s.settings));
    return (0,read_inputs/* prepareForRun */.qQ)(read, s.settings, s);
}


/***/ })

};
