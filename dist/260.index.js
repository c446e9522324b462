export const id = 260;
export const ids = [260,747];
export const modules = {

/***/ 3747:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   APPSPEC_HOOKS: () => (/* binding */ APPSPEC_HOOKS),
/* harmony export */   appSpecProblems: () => (/* binding */ appSpecProblems),
/* harmony export */   containerPortProblem: () => (/* binding */ containerPortProblem),
/* harmony export */   generateAppSpec: () => (/* binding */ generateAppSpec),
/* harmony export */   loadAppSpec: () => (/* binding */ loadAppSpec),
/* harmony export */   renderAppSpecFile: () => (/* binding */ renderAppSpecFile)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _settings_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2966);
/* harmony import */ var _yaml_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4536);



/** The AppSpec hooks of an ECS deployment, in CodeDeploy's order. */
const APPSPEC_HOOKS = [
    'BeforeInstall',
    'AfterInstall',
    'AfterAllowTestTraffic',
    'BeforeAllowTraffic',
    'AfterAllowTraffic'
];
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
/**
 * Reads and parses codedeploy-appspec; a missing or unparsable file fails naming the input. JSON is parsed as JSON;
 * anything else loads the YAML parser (a chunk of its own).
 */
async function loadAppSpec(path) {
    let text;
    try {
        text = node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync(path, 'utf8');
    }
    catch (e) {
        throw new _settings_index_js__WEBPACK_IMPORTED_MODULE_1__/* .SettingsError */ .GN([
            `${_settings_index_js__WEBPACK_IMPORTED_MODULE_1__/* .Inputs */ .G0.codedeployAppspec} ${path} cannot be read (${e.code ?? e.message}); give the path of an AppSpec file in the workspace.`
        ]);
    }
    const format = text
        .replace(/^\uFEFF/, '')
        .trimStart()
        .startsWith('{')
        ? 'json'
        : 'yaml';
    let doc;
    if (format === 'json') {
        try {
            doc = JSON.parse(text.replace(/^\uFEFF/, ''));
        }
        catch (e) {
            throw new _settings_index_js__WEBPACK_IMPORTED_MODULE_1__/* .SettingsError */ .GN([
                `${_settings_index_js__WEBPACK_IMPORTED_MODULE_1__/* .Inputs */ .G0.codedeployAppspec} ${path} is not valid JSON: ${e.message}`
            ]);
        }
    }
    else {
        await (0,_yaml_js__WEBPACK_IMPORTED_MODULE_2__/* .loadYaml */ .yv)();
        const parsed = (0,_yaml_js__WEBPACK_IMPORTED_MODULE_2__/* .yamlParser */ .$z)().parseDocument(text, { prettyErrors: false });
        if (parsed.errors.length > 0)
            throw new _settings_index_js__WEBPACK_IMPORTED_MODULE_1__/* .SettingsError */ .GN([
                `${_settings_index_js__WEBPACK_IMPORTED_MODULE_1__/* .Inputs */ .G0.codedeployAppspec} ${path} is not valid YAML: ${parsed.errors[0].message}`
            ]);
        doc = parsed.toJS();
    }
    const file = { path, text, format, doc };
    const problems = appSpecProblems(file.doc);
    if ('problems' in problems)
        throw new _settings_index_js__WEBPACK_IMPORTED_MODULE_1__/* .SettingsError */ .GN(problems.problems.map(p => `${_settings_index_js__WEBPACK_IMPORTED_MODULE_1__/* .Inputs */ .G0.codedeployAppspec} ${path}: ${p}`));
    return file;
}
/** What an ECS AppSpec must hold: version 0.0, one TargetService of Type AWS::ECS::Service with its container. */
function appSpecProblems(doc) {
    const problems = [];
    if (!isObject(doc))
        return { problems: ['an AppSpec is an object with version, Resources and Hooks.'] };
    if (String(doc.version) !== '0' && String(doc.version) !== '0.0')
        problems.push(`version must be 0.0, not ${JSON.stringify(doc.version)}.`);
    const resources = Array.isArray(doc.Resources) ? doc.Resources : undefined;
    const entry = resources?.length === 1 && isObject(resources[0]) ? resources[0] : undefined;
    const keys = entry ? Object.keys(entry) : [];
    const resourceKey = keys[0] ?? 'TargetService';
    const target = keys.length === 1 ? entry?.[resourceKey] : undefined;
    if (!isObject(target)) {
        problems.push('Resources must hold exactly one entry, the TargetService of Type AWS::ECS::Service.');
        return { problems };
    }
    if (target.Type !== 'AWS::ECS::Service')
        problems.push(`Resources[0].${resourceKey}.Type must be AWS::ECS::Service, not ${JSON.stringify(target.Type)}.`);
    const props = isObject(target.Properties) ? target.Properties : {};
    const lb = isObject(props.LoadBalancerInfo) ? props.LoadBalancerInfo : {};
    const containerName = lb.ContainerName;
    const containerPort = typeof lb.ContainerPort === 'string' ? Number(lb.ContainerPort) : lb.ContainerPort;
    if (typeof containerName !== 'string' || containerName === '')
        problems.push(`Resources[0].${resourceKey}.Properties.LoadBalancerInfo.ContainerName is missing.`);
    if (typeof containerPort !== 'number' || !Number.isInteger(containerPort))
        problems.push(`Resources[0].${resourceKey}.Properties.LoadBalancerInfo.ContainerPort is missing or not a number.`);
    const hooks = [];
    const hookList = doc.Hooks === undefined || doc.Hooks === null ? [] : doc.Hooks;
    if (!Array.isArray(hookList))
        problems.push('Hooks must be a list of {Event: Lambda function} entries.');
    else
        for (const hook of hookList)
            for (const [event, fn] of Object.entries(isObject(hook) ? hook : {})) {
                if (!APPSPEC_HOOKS.includes(event))
                    problems.push(`Hooks has ${event}; an ECS AppSpec's hooks are ${APPSPEC_HOOKS.join(', ')}.`);
                else if (typeof fn !== 'string' || fn === '')
                    problems.push(`Hooks: ${event} must name a Lambda function.`);
                else
                    hooks.push(event);
            }
    if (problems.length > 0)
        return { problems };
    return {
        containerName: containerName,
        containerPort: containerPort,
        resourceKey,
        hooks
    };
}
/** The load balancer's container and port must be in the task definition the deployment registers. */
function containerPortProblem(taskDefinition, containerName, containerPort, where) {
    const containers = Array.isArray(taskDefinition.containerDefinitions)
        ? taskDefinition.containerDefinitions
        : [];
    const container = containers.find(c => c.name === containerName);
    if (!container)
        return `${where} names container ${containerName}, which the task definition does not have (it has ${containers.map(c => String(c.name)).join(', ') || 'none'}).`;
    const ports = (container.portMappings ?? []).map(p => p.containerPort);
    if (!ports.includes(containerPort))
        return `${where} names port ${containerPort} of container ${containerName}, which maps ${ports.length > 0 ? `only ${ports.join(', ')}` : 'no port'} in the task definition.`;
    return undefined;
}
/** The AppSpec file with its TaskDefinition set to `arn`, in the file's own format (YAML keeps its comments). */
function renderAppSpecFile(file, target, arn) {
    const where = ['Resources', 0, target.resourceKey, 'Properties', 'TaskDefinition'];
    if (file.format === 'json') {
        const doc = JSON.parse(JSON.stringify(file.doc));
        const resource = doc.Resources[0][target.resourceKey];
        resource.Properties.TaskDefinition = arn;
        return JSON.stringify(doc, null, 2);
    }
    // loadAppSpec loaded the parser for this YAML file.
    const yaml = (0,_yaml_js__WEBPACK_IMPORTED_MODULE_2__/* .yamlParser */ .$z)();
    const doc = yaml.parseDocument(file.text);
    const resources = doc.get('Resources');
    if (!yaml.isSeq(resources) || !yaml.isMap(resources.get(0)))
        throw new Error('AppSpec Resources changed while rendering');
    doc.setIn(where, arn);
    return doc.toString();
}
/** An AppSpec made from the service: its load balancer's container and port, and its launch settings. */
function generateAppSpec(service, arn) {
    const lb = (service.loadBalancers ?? []).find(l => l.containerName && l.containerPort !== undefined);
    if (!lb?.containerName || lb.containerPort === undefined)
        return {
            problem: `the service ${service.serviceName ?? ''} has no load balancer with a container name and port to route to; give ${_settings_index_js__WEBPACK_IMPORTED_MODULE_1__/* .Inputs */ .G0.codedeployAppspec}.`
        };
    const properties = {
        TaskDefinition: arn,
        LoadBalancerInfo: { ContainerName: lb.containerName, ContainerPort: lb.containerPort }
    };
    if (service.platformVersion)
        properties.PlatformVersion = service.platformVersion;
    const vpc = service.networkConfiguration?.awsvpcConfiguration;
    if (vpc)
        properties.NetworkConfiguration = {
            AwsvpcConfiguration: {
                Subnets: vpc.subnets ?? [],
                ...(vpc.securityGroups?.length ? { SecurityGroups: vpc.securityGroups } : {}),
                ...(vpc.assignPublicIp ? { AssignPublicIp: vpc.assignPublicIp } : {})
            }
        };
    const strategy = service.capacityProviderStrategy ?? [];
    if (strategy.length > 0)
        properties.CapacityProviderStrategy = strategy.map(s => ({
            CapacityProvider: s.capacityProvider,
            ...(s.base !== undefined ? { Base: s.base } : {}),
            ...(s.weight !== undefined ? { Weight: s.weight } : {})
        }));
    const doc = {
        version: '0.0',
        Resources: [{ TargetService: { Type: 'AWS::ECS::Service', Properties: properties } }]
    };
    return {
        content: JSON.stringify(doc, null, 2),
        containerName: lb.containerName,
        containerPort: lb.containerPort
    };
}


/***/ }),

/***/ 7652:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HT: () => (/* binding */ inspectCodeDeploy),
/* harmony export */   Iy: () => (/* reexport safe */ _codedeploy_names_js__WEBPACK_IMPORTED_MODULE_1__.Iy),
/* harmony export */   aS: () => (/* binding */ trafficRouting)
/* harmony export */ });
/* unused harmony export deploymentGroupProblem */
/* harmony import */ var _settings_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2966);
/* harmony import */ var _codedeploy_names_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(168);



/** What is wrong with a deployment group for this service, if anything. */
function deploymentGroupProblem(group, cluster, service) {
    const c = (0,_codedeploy_names_js__WEBPACK_IMPORTED_MODULE_1__/* .resourceName */ .Iy)(cluster);
    const s = (0,_codedeploy_names_js__WEBPACK_IMPORTED_MODULE_1__/* .resourceName */ .Iy)(service);
    const targets = group.ecsServices ?? [];
    if (group.computePlatform && group.computePlatform !== 'ECS')
        return `deployment group ${group.deploymentGroupName} deploys to ${group.computePlatform}, not to ECS`;
    if (!targets.some(t => t.clusterName === c && t.serviceName === s))
        return (`deployment group ${group.deploymentGroupName} deploys ${targets.map(t => `${t.serviceName} in cluster ${t.clusterName}`).join(', ') || 'no ECS service'}, ` +
            `not ${s} in cluster ${c}`);
    return undefined;
}
/** How the configuration shifts production traffic, in words. */
function trafficRouting(config) {
    const routing = config.trafficRoutingConfig;
    if (routing?.type === 'TimeBasedLinear' && routing.timeBasedLinear)
        return `${routing.timeBasedLinear.linearPercentage ?? '?'} % more traffic every ${routing.timeBasedLinear.linearInterval ?? '?'} min`;
    if (routing?.type === 'TimeBasedCanary' && routing.timeBasedCanary)
        return `${routing.timeBasedCanary.canaryPercentage ?? '?'} % of traffic, then the rest after ${routing.timeBasedCanary.canaryInterval ?? '?'} min`;
    return 'all traffic at once';
}
async function inspectCodeDeploy(settings, cluster, service, api, logger, region) {
    const defaults = (0,_codedeploy_names_js__WEBPACK_IMPORTED_MODULE_1__/* .consoleNames */ .E2)(cluster, service);
    const application = settings.application ?? defaults.application;
    const deploymentGroup = settings.deploymentGroup ?? defaults.deploymentGroup;
    const given = (input, value, fallback) => value ? `${input} is "${value}"` : `${input} is not given, so the ECS console's name ${fallback} is used`;
    const nothing = 'Nothing was changed.';
    const app = await api.getApplication(application);
    if (!app)
        throw new _codedeploy_names_js__WEBPACK_IMPORTED_MODULE_1__/* .CodeDeployError */ .Bx(`The service ${(0,_codedeploy_names_js__WEBPACK_IMPORTED_MODULE_1__/* .resourceName */ .Iy)(service)} deploys with CodeDeploy, but the CodeDeploy application "${application}" does not exist in ${region} ` +
            `(${given(_settings_index_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.codedeployApplication, settings.application, defaults.application)}). ${nothing}`);
    if (app.computePlatform && app.computePlatform !== 'ECS')
        throw new _codedeploy_names_js__WEBPACK_IMPORTED_MODULE_1__/* .CodeDeployError */ .Bx(`The CodeDeploy application "${application}" deploys to ${app.computePlatform}, not to ECS; set ${_settings_index_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.codedeployApplication} to the service's ECS application. ${nothing}`);
    const group = await api.getDeploymentGroup(application, deploymentGroup);
    if (!group)
        throw new _codedeploy_names_js__WEBPACK_IMPORTED_MODULE_1__/* .CodeDeployError */ .Bx(`The CodeDeploy application "${application}" has no deployment group "${deploymentGroup}" ` +
            `(${given(_settings_index_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.codedeployDeploymentGroup, settings.deploymentGroup, defaults.deploymentGroup)}). ${nothing}`);
    const problem = deploymentGroupProblem(group, cluster, service);
    if (problem)
        throw new _codedeploy_names_js__WEBPACK_IMPORTED_MODULE_1__/* .CodeDeployError */ .Bx(`The CodeDeploy ${problem}; set ${_settings_index_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.codedeployDeploymentGroup} to this service's group. ${nothing}`);
    const configName = settings.deploymentConfig ?? group.deploymentConfigName ?? 'CodeDeployDefault.ECSAllAtOnce';
    const config = await api.getDeploymentConfig(configName);
    if (!config)
        throw new _codedeploy_names_js__WEBPACK_IMPORTED_MODULE_1__/* .CodeDeployError */ .Bx(`The CodeDeploy deployment configuration "${configName}" does not exist` +
            `${settings.deploymentConfig ? ` (${_settings_index_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.codedeployDeploymentConfig})` : ` (the deployment group's)`}. ${nothing}`);
    if (config.computePlatform && config.computePlatform !== 'ECS')
        throw new _codedeploy_names_js__WEBPACK_IMPORTED_MODULE_1__/* .CodeDeployError */ .Bx(`The CodeDeploy deployment configuration "${configName}" is for ${config.computePlatform}, not ECS; use one of CodeDeployDefault.ECS*. ${nothing}`);
    logger.info(`CodeDeploy application ${application}, deployment group ${deploymentGroup}, configuration ${configName} (${trafficRouting(config)})`);
    return { application, deploymentGroup, group, configName, config };
}


/***/ }),

/***/ 168:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bx: () => (/* binding */ CodeDeployError),
/* harmony export */   E2: () => (/* binding */ consoleNames),
/* harmony export */   Iy: () => (/* binding */ resourceName),
/* harmony export */   W7: () => (/* binding */ CODEDEPLOY_LABEL)
/* harmony export */ });
// What the CodeDeploy path shares without loading it: the names the ECS console gives a service's application and
// deployment group, the path's label and its error.
/** "prod" from a cluster ARN, "web" from a service ARN; a name stays a name. */
function resourceName(nameOrArn) {
    return nameOrArn.startsWith('arn:') ? (nameOrArn.split('/').at(-1) ?? nameOrArn) : nameOrArn;
}
/** The names the ECS console gives a service's CodeDeploy application and deployment group. */
function consoleNames(cluster, service) {
    const c = resourceName(cluster);
    const s = resourceName(service);
    return { application: `AppECS-${c}-${s}`, deploymentGroup: `DgpECS-${c}-${s}` };
}
const CODEDEPLOY_LABEL = 'CodeDeploy blue/green deployment';
/** A CodeDeploy problem found before or while deploying, said in the user's words. */
class CodeDeployError extends Error {
    constructor(message) {
        super(message);
        this.name = 'CodeDeployError';
    }
}


/***/ }),

/***/ 9776:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D: () => (/* binding */ DeploymentNotSupported),
/* harmony export */   c: () => (/* binding */ chooseDeploymentPath)
/* harmony export */ });
/* harmony import */ var _codedeploy_names_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(168);

const CONTROLLER_NOTES = {
    EXTERNAL: 'its deployments are task sets managed outside ECS'
};
/** The ECS strategies followed through the Service Deployments API, with their names in the log. */
const STAGED_LABELS = {
    BLUE_GREEN: 'ECS blue/green deployment',
    LINEAR: 'ECS linear deployment',
    CANARY: 'ECS canary deployment'
};
function chooseDeploymentPath(service) {
    const name = service.serviceName ?? 'the service';
    const controller = service.deploymentController?.type ?? 'ECS';
    const strategy = service.deploymentConfiguration?.strategy ?? 'ROLLING';
    // CodeDeploy drives the task sets: a CodeDeploy deployment of an AppSpec, never UpdateService.
    if (controller === 'CODE_DEPLOY')
        return { path: 'codedeploy', label: _codedeploy_names_js__WEBPACK_IMPORTED_MODULE_0__/* .CODEDEPLOY_LABEL */ .W7 };
    if (controller !== 'ECS')
        return {
            unsupported: `The service "${name}" uses the ${controller} deployment controller (${CONTROLLER_NOTES[controller] ?? 'not the ECS controller'}), ` +
                'which release-to-ecs does not support yet: it deploys services with the ECS controller (ROLLING, BLUE_GREEN, LINEAR or CANARY). ' +
                'Nothing was changed. Deploy this service another way for now, or point service at one that uses rolling updates.'
        };
    const staged = STAGED_LABELS[strategy];
    if (staged)
        return { path: 'ecs-staged', label: staged };
    if (strategy !== 'ROLLING')
        return {
            unsupported: `The service "${name}" uses the ${strategy} deployment strategy, which release-to-ecs does not know: ` +
                'it deploys services with the ECS controller and the ROLLING, BLUE_GREEN, LINEAR or CANARY strategy. ' +
                'Nothing was changed. Deploy this service another way, or point service at one with a known strategy.'
        };
    return { path: 'ecs-rolling', label: 'ECS rolling update' };
}
/** The service's controller or strategy is one this action cannot deploy yet; found before any change. */
class DeploymentNotSupported extends Error {
    constructor(message) {
        super(message);
        this.name = 'DeploymentNotSupported';
    }
}


/***/ }),

/***/ 5133:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   J0: () => (/* binding */ imageLabels),
/* harmony export */   PK: () => (/* binding */ provideImage),
/* harmony export */   zc: () => (/* binding */ imageRequest)
/* harmony export */ });
/* unused harmony export buildAndPush */
/* harmony import */ var _source_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(372);
/* harmony import */ var _java_build_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8500);
/* harmony import */ var _aws_ecr_uri_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9768);
/* harmony import */ var _engine_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6819);
/* harmony import */ var _settings_index_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2966);





async function buildAndPush(engine, source, request, ecr, deps, stage, cleanups) {
    const session = (0,_engine_js__WEBPACK_IMPORTED_MODULE_3__/* .createEngineSession */ .Zo)((0,_settings_index_js__WEBPACK_IMPORTED_MODULE_4__/* .runnerTemp */ .X5)(deps.env));
    cleanups.push(session.dispose);
    const engineDeps = { runner: deps.runner, logger: deps.logger, session, clock: deps.clock };
    await stage('Image build', () => (0,_engine_js__WEBPACK_IMPORTED_MODULE_3__/* .buildImage */ ._w)(request, engineDeps));
    await stage('Push', async () => {
        const login = await ecr.login(source.registryId);
        deps.mask(login.password);
        await (0,_engine_js__WEBPACK_IMPORTED_MODULE_3__/* .loginToRegistry */ .ai)(engine, (0,_source_js__WEBPACK_IMPORTED_MODULE_0__/* .registryHostOf */ .pY)(source.repositoryUri), login, engineDeps);
        await (0,_engine_js__WEBPACK_IMPORTED_MODULE_3__/* .pushImage */ .GH)(engine, (0,_engine_js__WEBPACK_IMPORTED_MODULE_3__/* .imageRefs */ .s9)(request), engineDeps, source.repository);
    });
    session.dispose(); // the login is no longer needed: do not keep it on disk while the rollout runs
    const pushed = await ecr.findImage(source.repository, source.registryId, { tag: source.tag });
    if (!pushed)
        throw new _aws_ecr_uri_js__WEBPACK_IMPORTED_MODULE_2__/* .EcrError */ .JA(`${source.repositoryUri}:${source.tag} was pushed but ECR does not list it; check the registry host in ecr-repository.`);
    deps.logger.info(`Pushed ${source.repositoryUri}:${source.tag} (${pushed.digest})`);
    return pushed;
}
/**
 * The image stage: reuse what ECR already has, or run the Java build, the image build and the push, or go on
 * with an image that could not be checked (a dry run without credentials).
 */
async function provideImage(plan, settings, ecr, deps, stage, cleanups) {
    const { source, existing, javaBuild } = plan;
    let image;
    if (existing) {
        image = existing;
        deps.logger.info(source.kind === 'build'
            ? `${source.repositoryUri}:${source.tag} is already in ECR (${existing.digest}): skipping the Java build, image build and push.`
            : `Deploying the existing image ${source.repositoryUri}${source.tag ? `:${source.tag}` : `@${source.digest}`} (${existing.digest}).`);
    }
    else if (source.kind === 'build' && plan.engineRequest) {
        if (javaBuild)
            await stage('Java build', () => (0,_java_build_js__WEBPACK_IMPORTED_MODULE_1__/* .runJavaBuild */ .q5)(javaBuild, deps.runner, deps.logger), () => javaBuild.tool);
        image = await buildAndPush(settings.containerEngine, source, plan.engineRequest, ecr, deps, stage, cleanups);
    }
    else {
        image = { digest: '', tags: [] }; // an image outside ECR that could not be checked (warned above)
    }
    return {
        uri: (0,_source_js__WEBPACK_IMPORTED_MODULE_0__/* .imageUriFor */ .Zz)(source, image.digest, settings),
        digest: image.digest,
        sizeBytes: image.sizeBytes,
        reused: existing !== undefined
    };
}
function imageLabels(release, deps) {
    const ctx = deps.githubContext();
    return (0,_engine_js__WEBPACK_IMPORTED_MODULE_3__/* .ociLabels */ .TT)({
        sourceUrl: ctx.repository ? `${ctx.serverUrl}/${ctx.repository}` : undefined,
        sha: release.sha,
        version: release.version,
        created: new Date(deps.clock.now())
    });
}
function imageRequest(settings, source, labels) {
    return {
        engine: settings.containerEngine,
        repositoryUri: source.repositoryUri,
        tag: source.tag,
        additionalTags: source.additionalTags,
        context: settings.context,
        dockerfile: settings.dockerfile,
        buildArgs: settings.buildArgs,
        target: settings.target,
        platform: settings.platform,
        labels
    };
}


/***/ }),

/***/ 372:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Nq: () => (/* binding */ resolveImageSource),
/* harmony export */   Zz: () => (/* binding */ imageUriFor),
/* harmony export */   mg: () => (/* binding */ findExistingImage),
/* harmony export */   pY: () => (/* binding */ registryHostOf)
/* harmony export */ });
/* harmony import */ var _aws_connect_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7771);
/* harmony import */ var _aws_ecr_uri_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9768);
/* harmony import */ var _aws_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9378);
/* harmony import */ var _reference_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3564);
// Where the image to deploy comes from: built by this run, or already in ECR (a redeploy or a re-run).




async function resolveImageSource(settings, tag, additionalTags, aws, ecr, io) {
    const { logger } = io;
    const choice = settings.imageChoice;
    if (choice.kind === 'uri') {
        // readSettings has checked the reference.
        const parsed = (0,_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .parseImageReference */ .o_)(choice.uri);
        if ('problem' in parsed)
            throw new _aws_ecr_uri_js__WEBPACK_IMPORTED_MODULE_1__/* .EcrError */ .JA(`image ${parsed.problem}.`);
        const registry = (0,_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .ecrRegistryOf */ .Bv)(parsed.registry);
        // Another host may still be this account's ECR reached at its own address (a private endpoint, a local
        // stand-in): ECR's login says where its registry is. Without a login, it is treated as another registry.
        const loginHost = !registry && parsed.registry && aws.identity
            ? await ecr.login().then(l => l.host, (e) => logger.debug(`No ECR login to compare ${parsed.registry} with: ${String(e)}`))
            : undefined;
        const inEcr = registry !== undefined || (loginHost !== undefined && loginHost === parsed.registry);
        return {
            kind: 'existing',
            input: 'image',
            repository: inEcr ? parsed.repository : undefined,
            registryFromLogin: !registry && inEcr,
            registryId: registry?.registryId,
            region: registry?.region ?? (inEcr ? aws.region : undefined),
            repositoryUri: (0,_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .repositoryOf */ ._M)(parsed),
            tag: parsed.tag,
            digest: parsed.digest,
            outsideEcr: !inEcr
        };
    }
    // readSettings has checked ecr-repository: a URI without tag or digest, or a repository name.
    const raw = choice.ecrRepository;
    const parsed = (0,_aws_ecr_uri_js__WEBPACK_IMPORTED_MODULE_1__/* .parseImageUri */ .f9)(raw);
    const repository = parsed?.repository ?? raw;
    const registryId = parsed?.registryId;
    const registryFromLogin = !parsed;
    let host = parsed?.host;
    if (!host) {
        // ECR's address for this account: from the login when we can get one, else (a dry run) the public form.
        if (aws.identity) {
            const login = await ecr.login();
            io.mask(login.password); // only the host is used here, but the password is one all the same
            host = login.host;
            logger.info(`ECR registry: ${host}`);
        }
        else
            host = (0,_aws_ecr_uri_js__WEBPACK_IMPORTED_MODULE_1__/* .ecrHost */ .Fd)(_aws_connect_js__WEBPACK_IMPORTED_MODULE_0__/* .PLACEHOLDER_ACCOUNT */ .yH, aws.region);
    }
    const repositoryUri = `${host}/${repository}`;
    const region = parsed?.region ?? aws.region;
    if (choice.kind === 'tag')
        return {
            kind: 'existing',
            input: 'ecr-repository',
            repository,
            registryId,
            registryFromLogin,
            repositoryUri,
            region,
            tag: choice.tag
        };
    return {
        kind: 'build',
        input: 'ecr-repository',
        repository,
        registryId,
        registryFromLogin,
        repositoryUri,
        region,
        tag: tag,
        additionalTags
    };
}
/**
 * Looks the image up in ECR, in the region of its registry (the ecr given is that region's): a redeploy must find
 * it; a build skips when this release's tag is already there. An image in another registry is not looked up.
 */
async function findExistingImage(source, aws, ecr, logger) {
    if (!aws.identity || !source.repository)
        return undefined;
    const ref = source.digest ? { digest: source.digest } : { tag: source.tag };
    const where = `${source.region ?? aws.region}${source.registryId ? ` (registry ${source.registryId})` : ''}`;
    let found;
    try {
        found = await ecr.findImage(source.repository, source.registryId, ref);
    }
    catch (e) {
        if (!(e instanceof _aws_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .AwsCallError */ .iQ) && !(e instanceof _aws_ecr_uri_js__WEBPACK_IMPORTED_MODULE_1__/* .EcrError */ .JA))
            throw e;
        throw new _aws_ecr_uri_js__WEBPACK_IMPORTED_MODULE_1__/* .EcrError */ .JA(`${source.input}: ${source.repositoryUri} is looked up in ECR in ${where}, the region of its registry, and that failed; nothing was changed. ${e.message}`);
    }
    if (source.kind === 'existing' && !found) {
        const what = 'digest' in ref ? ref.digest : `tag ${ref.tag}`;
        throw new _aws_ecr_uri_js__WEBPACK_IMPORTED_MODULE_1__/* .EcrError */ .JA(`The image ${source.repositoryUri} has no ${what} in ECR; nothing was changed (looked up in ${where}, the region of its registry). ` +
            'Check image / image-tag (list tags with: aws ecr describe-images --repository-name ' +
            `${source.repository}${source.region ? ` --region ${source.region}` : ''}).`);
    }
    if (found)
        logger.debug(`ECR has ${source.repositoryUri} ${found.digest} (tags ${found.tags.join(', ')})`);
    return found;
}
function registryHostOf(repositoryUri) {
    return repositoryUri.slice(0, repositoryUri.indexOf('/'));
}
function imageUriFor(source, digest, settings) {
    if (settings.imageReference === 'digest' && digest)
        return `${source.repositoryUri}@${digest}`;
    if (source.tag)
        return `${source.repositoryUri}:${source.tag}`;
    return `${source.repositoryUri}@${source.digest ?? digest}`;
}


/***/ }),

/***/ 6994:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   O9: () => (/* binding */ planRunTask),
/* harmony export */   Xt: () => (/* binding */ runTaskContainerProblem),
/* harmony export */   cd: () => (/* binding */ imageContainerOf)
/* harmony export */ });
/* harmony import */ var _taskdef_types_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1433);
/* harmony import */ var _request_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2544);


function containerDefinitions(td) {
    const defs = (0,_taskdef_types_js__WEBPACK_IMPORTED_MODULE_0__/* .asRecord */ .qY)(td).containerDefinitions;
    return Array.isArray(defs) ? defs.filter(_taskdef_types_js__WEBPACK_IMPORTED_MODULE_0__/* .isObject */ .Gv) : [];
}
/** The container that gets the image: the one whose image is `imageUri`, else the only one. */
function imageContainerOf(td, imageUri) {
    const defs = containerDefinitions(td);
    const named = defs.find(c => c.image === imageUri) ?? (defs.length === 1 ? defs[0] : undefined);
    return typeof named?.name === 'string' ? named.name : undefined;
}
/** run-task-container against the task definition the task runs; undefined when it is fine. */
function runTaskContainerProblem(td, container, file) {
    const names = containerDefinitions(td).map(c => String(c.name));
    if (names.includes(container))
        return undefined;
    return `run-task-container is "${container}", but ${file} has no such container; use one of ${names.join(', ')}.`;
}
function planRunTask(input) {
    const { settings, rendered } = input;
    const family = String((0,_taskdef_types_js__WEBPACK_IMPORTED_MODULE_0__/* .asRecord */ .qY)(rendered).family ?? '');
    const container = settings.container ?? imageContainerOf(rendered, input.imageUri) ?? '';
    const essential = containerDefinitions(rendered)
        .filter(c => c.essential !== false)
        .map(c => String(c.name));
    const request = (0,_request_js__WEBPACK_IMPORTED_MODULE_1__/* .runTaskRequest */ .UF)({
        cluster: input.cluster,
        taskDefinitionArn: input.taskDefinitionArn ?? family,
        container,
        settings,
        service: input.service,
        startedBy: input.startedBy,
        clientToken: input.clientToken
    });
    return {
        container,
        essential,
        ownTaskDefinition: input.ownTaskDefinition,
        family,
        request,
        timeoutMinutes: settings.timeoutMinutes
    };
}


/***/ })

};
