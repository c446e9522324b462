export const id = 307;
export const ids = [307];
export const modules = {

/***/ 3307:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   appSpecRevision: () => (/* binding */ appSpecRevision),
/* harmony export */   createCodeDeployApi: () => (/* binding */ createCodeDeployApi)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_codedeploy__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7507);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9378);
// CodeDeploy: the one wrapper of CodeDeployClient, for ECS blue/green deployments. Loaded only through the factory
// in clients.ts, so it is a chunk of its own: a run that never deploys to CodeDeploy never loads it.


/** The revision CreateDeployment and RegisterApplicationRevision take: the AppSpec inline. */
function appSpecRevision(content) {
    return { revisionType: 'AppSpecContent', appSpecContent: { content } };
}
const missing = async (what, names, call) => {
    try {
        return await (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .awsCall */ .uF)(what, call);
    }
    catch (e) {
        if (e instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AwsCallError */ .iQ && names.includes((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorName */ .Is)(e.cause) ?? ''))
            return undefined;
        throw e;
    }
};
function createCodeDeployApi(client) {
    return {
        async getApplication(name) {
            const response = await missing(`Reading CodeDeploy application ${name} (codedeploy:GetApplication)`, ['ApplicationDoesNotExistException'], () => client.send(new _aws_sdk_client_codedeploy__WEBPACK_IMPORTED_MODULE_1__.GetApplicationCommand({ applicationName: name })));
            return response?.application;
        },
        async getDeploymentGroup(application, group) {
            const response = await missing(`Reading CodeDeploy deployment group ${group} of ${application} (codedeploy:GetDeploymentGroup)`, ['DeploymentGroupDoesNotExistException', 'ApplicationDoesNotExistException'], () => client.send(new _aws_sdk_client_codedeploy__WEBPACK_IMPORTED_MODULE_1__.GetDeploymentGroupCommand({ applicationName: application, deploymentGroupName: group })));
            return response?.deploymentGroupInfo;
        },
        async getDeploymentConfig(name) {
            const response = await missing(`Reading CodeDeploy deployment configuration ${name} (codedeploy:GetDeploymentConfig)`, ['DeploymentConfigDoesNotExistException'], () => client.send(new _aws_sdk_client_codedeploy__WEBPACK_IMPORTED_MODULE_1__.GetDeploymentConfigCommand({ deploymentConfigName: name })));
            return response?.deploymentConfigInfo;
        },
        async registerApplicationRevision(request) {
            await (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .awsCall */ .uF)(`Registering the AppSpec as a revision of ${request.application} (codedeploy:RegisterApplicationRevision)`, () => client.send(new _aws_sdk_client_codedeploy__WEBPACK_IMPORTED_MODULE_1__.RegisterApplicationRevisionCommand({
                applicationName: request.application,
                revision: appSpecRevision(request.appSpecContent),
                ...(request.description ? { description: request.description } : {})
            })));
        },
        async createDeployment(request) {
            const response = await (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .awsCall */ .uF)(`Creating a CodeDeploy deployment in ${request.application}/${request.deploymentGroup} (codedeploy:CreateDeployment)`, () => client.send(new _aws_sdk_client_codedeploy__WEBPACK_IMPORTED_MODULE_1__.CreateDeploymentCommand({
                applicationName: request.application,
                deploymentGroupName: request.deploymentGroup,
                revision: appSpecRevision(request.appSpecContent),
                ...(request.deploymentConfig ? { deploymentConfigName: request.deploymentConfig } : {}),
                ...(request.description ? { description: request.description } : {})
            })));
            if (!response.deploymentId)
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AwsCallError */ .iQ('codedeploy:CreateDeployment', new Error('CodeDeploy returned no deploymentId'));
            return response.deploymentId;
        },
        async getDeployment(id) {
            const response = await (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .awsCall */ .uF)(`Reading CodeDeploy deployment ${id} (codedeploy:GetDeployment)`, () => client.send(new _aws_sdk_client_codedeploy__WEBPACK_IMPORTED_MODULE_1__.GetDeploymentCommand({ deploymentId: id })));
            return response.deploymentInfo;
        },
        async getDeploymentTarget(id, targetId) {
            const response = await (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .awsCall */ .uF)(`Reading target ${targetId} of CodeDeploy deployment ${id} (codedeploy:GetDeploymentTarget)`, () => client.send(new _aws_sdk_client_codedeploy__WEBPACK_IMPORTED_MODULE_1__.GetDeploymentTargetCommand({ deploymentId: id, targetId })));
            return response.deploymentTarget?.ecsTarget;
        },
        async stopDeployment(id, autoRollbackEnabled) {
            const response = await (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .awsCall */ .uF)(`Stopping CodeDeploy deployment ${id} (codedeploy:StopDeployment)`, () => client.send(new _aws_sdk_client_codedeploy__WEBPACK_IMPORTED_MODULE_1__.StopDeploymentCommand({ deploymentId: id, autoRollbackEnabled })));
            return { status: response.status, statusMessage: response.statusMessage };
        },
        async continueDeployment(id, waitType) {
            await (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .awsCall */ .uF)(`Continuing CodeDeploy deployment ${id} (codedeploy:ContinueDeployment)`, () => client.send(new _aws_sdk_client_codedeploy__WEBPACK_IMPORTED_MODULE_1__.ContinueDeploymentCommand({ deploymentId: id, deploymentWaitType: waitType })));
        }
    };
}


/***/ })

};
