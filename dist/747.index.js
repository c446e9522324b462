export const id = 747;
export const ids = [747];
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


/***/ })

};
