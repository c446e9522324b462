export const id = 656;
export const ids = [656,747];
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


/***/ })

};
