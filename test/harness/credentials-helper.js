'use strict';
/**
 * An ICredentialsHelper that serves fixture credentials (by credential TYPE) and applies the
 * credential type's `authenticate` the way n8n's own CredentialsHelper (packages/cli) does:
 *  - a function `authenticate` is called,
 *  - a generic one (`{ type: 'generic', properties: { headers: { Authorization: '={{...}}' } } }`)
 *    has every key and value resolved as an n8n expression with `$credentials`, through the
 *    running workflow's own expression engine, and written into the request options.
 * getDecrypted applies the credential type's defaults (and drops values hidden by displayOptions)
 * with NodeHelpers.getNodeParameters, exactly as n8n does before a node sees the data.
 */
const { ICredentialsHelper, NodeHelpers } = require('n8n-workflow');

function isExpression(value) {
	return typeof value === 'string' && value.startsWith('=');
}

class FixtureCredentialsHelper extends ICredentialsHelper {
	/**
	 * @param {import('./node-types').CredentialTypes} credentialTypes
	 * @param {Record<string, object>} credentials fixture data by credential type
	 */
	constructor(credentialTypes, credentials) {
		super();
		this.credentialTypes = credentialTypes;
		this.credentials = { ...credentials };
		/** every getDecrypted / authenticate call, for assertions */
		this.calls = [];
	}

	getParentTypes(name) {
		return this.credentialTypes.getParentTypes(name);
	}

	isCredentialUsableByNode(credentialType, nodeType) {
		if (!this.credentialTypes.recognizes(credentialType)) return true;
		const typeDef = this.credentialTypes.getByName(credentialType);
		if (!typeDef.restrictToSupportedNodes) return true;
		return this.credentialTypes.getSupportedNodes(credentialType).includes(nodeType);
	}

	getCredentialsProperties(type) {
		const typeDef = this.credentialTypes.getByName(type);
		if (!typeDef.extends) return typeDef.properties;
		const combined = [];
		for (const parent of typeDef.extends) {
			NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(combined, typeDef.properties);
		return combined;
	}

	async authenticate(credentials, typeName, requestOptions, workflow, node) {
		this.calls.push({ method: 'authenticate', type: typeName, node: node?.name });
		const credentialType = this.credentialTypes.getByName(typeName);
		const { authenticate } = credentialType;
		if (!authenticate) return requestOptions;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (typeof authenticate === 'object' && authenticate.type === 'generic') {
			if (!workflow || !node) {
				throw new Error('Workflow and node are required for declarative credential authentication');
			}
			const resolve = (value) => {
				if (!isExpression(value)) return value;
				const resolved = workflow.expression.getSimpleParameterValue(
					node,
					value,
					'internal',
					{ $credentials: credentials },
					undefined,
					'',
				);
				return resolved ? resolved.toString() : '';
			};
			if (requestOptions.headers === undefined) requestOptions.headers = {};
			for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
				for (const [key, value] of Object.entries(outerValue)) {
					if (!requestOptions[outerKey]) requestOptions[outerKey] = {};
					requestOptions[outerKey][resolve(key)] = resolve(value);
				}
			}
		}
		return requestOptions;
	}

	async preAuthentication(helpers, credentials, typeName, node, credentialsExpired) {
		const credentialType = this.credentialTypes.getByName(typeName);
		const expirable = credentialType.properties.find(
			(p) => p.type === 'hidden' && p?.typeOptions?.expirable === true,
		);
		if (expirable?.name === undefined || typeof credentialType.preAuthentication !== 'function') {
			return undefined;
		}
		if (credentials[expirable.name] === '' || credentialsExpired) {
			const output = await credentialType.preAuthentication.call(helpers, credentials);
			if (output[expirable.name] === undefined) return undefined;
			this.credentials[typeName] = { ...(this.credentials[typeName] ?? {}), ...output };
			return Object.assign(credentials, output);
		}
		return undefined;
	}

	async runPreAuthentication(helpers, credentials, typeName) {
		const credentialType = this.credentialTypes.getByName(typeName);
		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		return (await credentialType.preAuthentication.call(helpers, credentials)) ?? undefined;
	}

	async getCredentials(nodeCredentials, type) {
		const self = this;
		return {
			id: nodeCredentials.id,
			name: nodeCredentials.name,
			type,
			data: undefined,
			async getData() {
				return { ...(self.credentials[type] ?? {}) };
			},
			getDataToSave() {
				return { id: nodeCredentials.id, name: nodeCredentials.name, type, data: '' };
			},
			async setData(data) {
				self.credentials[type] = { ...data };
			},
			async updateData(toUpdate, toDelete = []) {
				const next = { ...(self.credentials[type] ?? {}), ...toUpdate };
				for (const key of toDelete) delete next[key];
				self.credentials[type] = next;
			},
		};
	}

	async getDecrypted(
		additionalData,
		nodeCredentials,
		type,
		mode,
		executeData,
		raw,
		expressionResolveValues,
	) {
		this.calls.push({ method: 'getDecrypted', type, node: executeData?.node?.name });
		const stored = this.credentials[type];
		if (stored === undefined) {
			throw new Error(
				`Credential with ID "${nodeCredentials?.id}" does not exist for type "${type}" ` +
					'(test harness: pass it in runWorkflow({ credentials: { <type>: {...} } }))',
			);
		}
		if (raw === true) return { ...stored };
		const properties = this.getCredentialsProperties(type);
		let data = NodeHelpers.getNodeParameters(properties, { ...stored }, true, false, null, null);
		if (stored.oauthTokenData !== undefined) data.oauthTokenData = stored.oauthTokenData;
		if (expressionResolveValues) {
			try {
				data = expressionResolveValues.workflow.expression.getParameterValue(
					data,
					expressionResolveValues.runExecutionData,
					expressionResolveValues.runIndex,
					expressionResolveValues.itemIndex,
					expressionResolveValues.node.name,
					expressionResolveValues.connectionInputData,
					mode,
					{},
					executeData,
					false,
					data,
				);
			} catch (e) {
				e.message += ' [Error resolving credentials]';
				throw e;
			}
		}
		return data;
	}

	async updateCredentials(nodeCredentials, type, data) {
		this.credentials[type] = { ...data };
	}

	async updateCredentialsOauthTokenData(nodeCredentials, type, data) {
		this.credentials[type] = {
			...(this.credentials[type] ?? {}),
			oauthTokenData: data.oauthTokenData,
		};
	}
}

module.exports = { FixtureCredentialsHelper };
