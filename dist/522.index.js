export const id = 522;
export const ids = [522];
export const modules = {

/***/ 6522:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createResourceLookups: () => (/* binding */ createResourceLookups)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2684);
/* harmony import */ var _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6764);
/* harmony import */ var _aws_sdk_client_secrets_manager__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2994);
/* harmony import */ var _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4736);
/* harmony import */ var _verify_findings_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3271);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9378);
// What `verify: full` reads, never a value: do log groups, secrets, parameters and roles exist? Loaded only through
// the factory in clients.ts.






function createResourceLookups(clients) {
    return {
        async logGroupExists(name, region) {
            const client = await clients.logs(region);
            const response = await (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .awsCall */ .uF)(`Looking up the log group ${name} (logs:DescribeLogGroups)`, () => client.send(new _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_2__.DescribeLogGroupsCommand({ logGroupNamePrefix: name, limit: 50 })));
            return (response.logGroups ?? []).some(g => g.logGroupName === name);
        },
        async secretExists(id) {
            const client = await clients.secrets(id.split(':')[3]);
            try {
                await client.send(new _aws_sdk_client_secrets_manager__WEBPACK_IMPORTED_MODULE_3__.DescribeSecretCommand({ SecretId: id }));
                return true;
            }
            catch (e) {
                if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorName */ .Is)(e) === 'ResourceNotFoundException')
                    return false;
                return (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .awsCall */ .uF)(`Looking up the secret ${id} (secretsmanager:DescribeSecret)`, () => Promise.reject(e));
            }
        },
        async parameterExists(name) {
            const client = await clients.ssm();
            const response = await (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .awsCall */ .uF)(`Looking up the parameter ${name} (ssm:DescribeParameters)`, () => client.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_4__.DescribeParametersCommand({
                ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: [name] }]
            })));
            return (response.Parameters ?? []).some(p => p.Name === name);
        },
        async roleTrust(arn) {
            const client = await clients.iam();
            const roleName = arn.slice(arn.lastIndexOf('/') + 1);
            try {
                const response = await client.send(new _aws_sdk_client_iam__WEBPACK_IMPORTED_MODULE_5__.GetRoleCommand({ RoleName: roleName }));
                // IAM answers the trust policy URL-encoded; the SDK does not decode it.
                const document = decodeURIComponent(response.Role?.AssumeRolePolicyDocument ?? '');
                return { trustsEcsTasks: (0,_verify_findings_js__WEBPACK_IMPORTED_MODULE_0__/* .trustsEcsTasks */ .H8)(document) };
            }
            catch (e) {
                if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorName */ .Is)(e) === 'NoSuchEntityException' || (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorName */ .Is)(e) === 'NoSuchEntity')
                    return undefined;
                return (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .awsCall */ .uF)(`Looking up the role ${arn} (iam:GetRole)`, () => Promise.reject(e));
            }
        }
    };
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
