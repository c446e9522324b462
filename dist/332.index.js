export const id = 332;
export const ids = [332];
export const modules = {

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

/***/ 2332:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  printPlan: () => (/* binding */ printPlan)
});

// EXTERNAL MODULE: ./src/aws/arn.ts
var arn = __webpack_require__(1626);
// EXTERNAL MODULE: ./src/image/engine.ts
var engine = __webpack_require__(6819);
// EXTERNAL MODULE: ./src/image/source.ts
var image_source = __webpack_require__(372);
// EXTERNAL MODULE: ./src/exec.ts
var exec = __webpack_require__(3190);
;// CONCATENATED MODULE: ./src/report/plan.ts
// The dry run's plan: what a real run would do, in the order it would do it, read from the release plan.




function dryRunPlan(plan, settings, renderedPath) {
    const service = serviceLines(plan.services[0] ?? plan, settings, renderedPath);
    return [...imageLines(plan), ...service.register, ...runTaskLines(plan), ...service.update];
}
/** The dry run of several services: the image once, each service's lines with its name, the one-off task, the order. */
function servicesDryRunPlan(plan, renderedPaths) {
    const lines = imageLines(plan);
    const each = plan.services.map((s, i) => ({
        name: s.entry?.name ?? '?',
        ...serviceLines(s, s.settings, renderedPaths[i] ?? '')
    }));
    for (const s of each)
        lines.push(...s.register.map(l => `[${s.name}] ${l}`));
    lines.push(...runTaskLines(plan).map(l => `${l} (the first service's task definition and network)`));
    for (const s of each)
        lines.push(...s.update.map(l => `[${s.name}] ${l}`));
    const settings = plan.services[0]?.settings;
    if (settings) {
        const names = each.map(s => s.name).join(', ');
        lines.push(settings.servicesOrder === 'sequential'
            ? `Update ${names} one after another, each after the one before completed its rollout`
            : `Update ${names}, then follow their rollouts together`);
        if (settings.rollbackOnFailure)
            lines.push(settings.rollbackScope === 'all'
                ? 'If one fails: roll back every service this run updated (rollback-scope all)'
                : 'If one fails: roll back only the failed service (rollback-scope failed)');
    }
    return lines;
}
function imageLines(plan) {
    const { source, javaBuild, engineRequest: request } = plan;
    const lines = [];
    if (plan.imageStep === 'reuse' && source.kind === 'build')
        lines.push(`${source.repositoryUri}:${source.tag} is already in ECR: the Java build, image build and push would be skipped.`);
    else if (plan.imageStep === 'build' && request) {
        lines.push(javaBuild
            ? `Java build (${javaBuild.reason}): ${(0,exec/* formatCommand */.fE)(javaBuild.command, javaBuild.args)} in ${javaBuild.cwd}`
            : 'Java build: none');
        lines.push(`Image build: ${(0,exec/* formatCommand */.fE)(request.engine, (0,engine/* buildArgs */.CH)(request))}`);
        lines.push(`Registry login: ${(0,exec/* formatCommand */.fE)(request.engine, (0,engine/* loginArgs */.be)((0,image_source/* registryHostOf */.pY)(request.repositoryUri), 'AWS'))} (password on stdin)`);
        for (const ref of (0,engine/* imageRefs */.s9)(request))
            lines.push(`Push: ${(0,exec/* formatCommand */.fE)(request.engine, (0,engine/* pushArgs */.kJ)(ref))}`);
    }
    else
        lines.push(`Deploy the existing image ${source.repositoryUri}${source.tag ? `:${source.tag}` : `@${source.digest}`}`);
    return lines;
}
/** One service's lines: its task definition before the one-off task, its update after. */
function serviceLines(plan, settings, renderedPath) {
    const lines = [];
    if (plan.taskDefinition.origin)
        lines.push(`Task definition ${plan.taskDefinition.family} from ${plan.taskDefinition.origin}`);
    lines.push(`Rendered task definition: ${renderedPath}`);
    const current = plan.target?.current;
    const family = plan.taskDefinition.family;
    lines.push(current
        ? `Register a new revision of ${family} (the service runs ${(0,arn/* shortArn */.k)(current.taskDefinitionArn ?? '')})`
        : `Register a new revision of ${family}`);
    const update = [];
    const deployment = plan.deployment;
    if (deployment && deployment.busy.length > 0)
        update.push(`The service has a deployment in progress (${deployment.busy.map(d => d.id).join(', ')}): a real run would ` +
            (settings.onBusy === 'fail'
                ? 'refuse (on-busy is fail).'
                : `wait for it first, for up to ${settings.waitForMinutes} min (on-busy is wait).`));
    if (deployment?.codedeploy) {
        update.push(`Deploy service ${settings.service} in cluster ${settings.cluster} (${deployment.label}, no UpdateService)` +
            (settings.waitForServiceStability ? `, then follow it for up to ${settings.waitForMinutes} min` : ''));
        update.push(...(deployment.notes ?? []));
        return { register: lines, update };
    }
    update.push(settings.service
        ? `Update service ${settings.service} in cluster ${settings.cluster}${settings.desiredCount !== undefined ? ` to ${settings.desiredCount} tasks` : ''}` +
            (deployment ? ` (${deployment.label})` : '') +
            (settings.waitForServiceStability
                ? `, then follow the rollout for up to ${settings.waitForMinutes} min${deployment?.done ? ` (${deployment.done})` : ''}`
                : '')
        : 'No service given: nothing would be updated.');
    return { register: lines, update };
}
function runTaskLines(plan) {
    const lines = [];
    const runTask = plan.runTask;
    if (runTask)
        lines.push(`Run a one-off task of ${runTask.family}${runTask.ownTaskDefinition ? ' (run-task-task-definition, registered with the same image)' : ''} ` +
            `on container ${runTask.container} before the update, stopped after ${runTask.timeoutMinutes} min; ` +
            `the service is updated only if every essential container exits 0. RunTask request ` +
            `(taskDefinition: the revision the run registers): ${JSON.stringify(runTask.request)}`);
    return lines;
}

// EXTERNAL MODULE: ./src/settings/index.ts + 8 modules
var src_settings = __webpack_require__(2966);
// EXTERNAL MODULE: ./src/taskdef/index.ts + 5 modules
var taskdef = __webpack_require__(6870);
;// CONCATENATED MODULE: ./src/stages/dry-run.ts



/** The dry run: writes the rendered task definition and prints the plan and the policy. */
function printPlan(plan, settings, deps, record) {
    const dir = (0,src_settings/* runnerTemp */.X5)(deps.env);
    const paths = plan.services.map(s => (0,taskdef/* writeRenderedTaskDefinition */.N4)(s.taskDefinition.rendered, dir));
    record.renderedPath = paths[0];
    record.planLines =
        plan.services.length > 1 ? servicesDryRunPlan(plan, paths) : dryRunPlan(plan, settings, paths[0]);
    record.changes = plan.taskDefinition.changes;
    record.image = {
        uri: plan.taskDefinition.imageUri,
        digest: plan.existing?.digest ?? '',
        reused: !!plan.existing
    };
    for (const line of record.planLines)
        deps.logger.info(line);
    deps.logger.info(`Least-privilege IAM policy for this deploy:\n${plan.iamPolicy}`);
}


/***/ })

};
