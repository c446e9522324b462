export const id = 663;
export const ids = [663];
export const modules = {

/***/ 8663:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EcrError: () => (/* reexport safe */ _ecr_uri_js__WEBPACK_IMPORTED_MODULE_2__.JA),
/* harmony export */   createEcrApi: () => (/* binding */ createEcrApi),
/* harmony export */   ecrHost: () => (/* reexport safe */ _ecr_uri_js__WEBPACK_IMPORTED_MODULE_2__.Fd),
/* harmony export */   parseImageUri: () => (/* reexport safe */ _ecr_uri_js__WEBPACK_IMPORTED_MODULE_2__.f9)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8249);
/* harmony import */ var _image_platform_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2554);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9378);
/* harmony import */ var _ecr_uri_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9768);
// ECR: the registry's login and what a repository holds. Loaded only through the factory in clients.ts.





function createEcrApi(client) {
    return {
        async login(registryId) {
            const response = await (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .awsCall */ .uF)('Getting an ECR login (ecr:GetAuthorizationToken)', () => client.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_3__.GetAuthorizationTokenCommand(registryId ? { registryIds: [registryId] } : {})));
            const data = response.authorizationData?.[0];
            const decoded = Buffer.from(data?.authorizationToken ?? '', 'base64').toString('utf8');
            const colon = decoded.indexOf(':');
            if (!data?.proxyEndpoint || colon === -1)
                throw new _ecr_uri_js__WEBPACK_IMPORTED_MODULE_2__/* .EcrError */ .JA('ECR returned no usable authorization token; try again, and check the region.');
            return {
                username: decoded.slice(0, colon),
                password: decoded.slice(colon + 1),
                host: data.proxyEndpoint.replace(/^https?:\/\//, '').replace(/\/$/, '')
            };
        },
        async imagePlatforms(repository, registryId, digest) {
            const where = { repositoryName: repository, ...(registryId ? { registryId } : {}) };
            const response = await (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .awsCall */ .uF)(`Reading the image manifest in ${repository} (ecr:BatchGetImage)`, () => client.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_3__.BatchGetImageCommand({
                ...where,
                imageIds: [{ imageDigest: digest }],
                acceptedMediaTypes: MANIFEST_TYPES
            })));
            const image = response?.images?.[0];
            if (!image?.imageManifest)
                return {
                    unknown: `ECR returned no manifest for ${digest} (${response?.failures?.[0]?.failureReason ?? 'no reason given'})`
                };
            const manifest = (0,_image_platform_js__WEBPACK_IMPORTED_MODULE_0__/* .readManifest */ .WI)(image.imageManifest, image.imageManifestMediaType);
            if (manifest.kind === 'index')
                return { platforms: manifest.platforms };
            if (manifest.kind === 'unknown')
                return { unknown: manifest.why };
            // A single-platform image names its platform in the config blob, fetched like a layer: a presigned URL.
            const layer = await (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .awsCall */ .uF)(`Locating the image config in ${repository} (ecr:GetDownloadUrlForLayer)`, () => client.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_3__.GetDownloadUrlForLayerCommand({ ...where, layerDigest: manifest.configDigest })));
            if (!layer.downloadUrl)
                return { unknown: 'ECR returned no download URL for the image config' };
            const blob = await fetch(layer.downloadUrl);
            if (!blob.ok)
                return { unknown: `downloading the image config answered HTTP ${blob.status}` };
            const platform = (0,_image_platform_js__WEBPACK_IMPORTED_MODULE_0__/* .readConfigPlatform */ ._g)(await blob.text());
            return platform
                ? { platforms: [platform] }
                : { unknown: 'the image config names no os and architecture' };
        },
        async findImage(repository, registryId, ref) {
            const imageId = 'tag' in ref ? { imageTag: ref.tag } : { imageDigest: ref.digest };
            try {
                const response = await client.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_3__.DescribeImagesCommand({
                    repositoryName: repository,
                    imageIds: [imageId],
                    ...(registryId ? { registryId } : {})
                }));
                const detail = response.imageDetails?.[0];
                if (!detail?.imageDigest)
                    return undefined;
                return {
                    digest: detail.imageDigest,
                    tags: detail.imageTags ?? [],
                    sizeBytes: detail.imageSizeInBytes,
                    pushedAt: detail.imagePushedAt
                };
            }
            catch (e) {
                if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorName */ .Is)(e) === 'ImageNotFoundException')
                    return undefined;
                if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorName */ .Is)(e) === 'RepositoryNotFoundException')
                    throw new _ecr_uri_js__WEBPACK_IMPORTED_MODULE_2__/* .EcrError */ .JA(`The ECR repository "${repository}" does not exist${registryId ? ` in account ${registryId}` : ''}; ` +
                        'create it (aws ecr create-repository --repository-name ' +
                        `${repository}) or fix ecr-repository.`);
                return (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .awsCall */ .uF)(`Looking up the image in ${repository} (ecr:DescribeImages)`, () => Promise.reject(e));
            }
        }
    };
}
const MANIFEST_TYPES = [
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.v2+json'
];


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


/***/ })

};
