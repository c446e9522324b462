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


/***/ })

};
