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


/***/ })

};
