'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { NodeHelpers } = require('n8n-workflow');

const PACKAGE_DIR = path.resolve(__dirname, '..', '..');

/** INodeTypes as n8n-core expects it: getByName, getByNameAndVersion, getKnownTypes. */
class NodeTypes {
	constructor(types, hint) {
		this.types = types;
		this.hint = hint;
	}

	getByName(nodeType) {
		const type = this.types[nodeType];
		if (!type) {
			throw new Error(
				`Unknown node type "${nodeType}". Known: ${Object.keys(this.types).join(', ')}` +
					(this.hint ? `. ${this.hint}` : ''),
			);
		}
		return type;
	}

	getByNameAndVersion(nodeType, version) {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes() {
		const known = {};
		for (const [name, type] of Object.entries(this.types)) {
			known[name] = { className: type.constructor.name, sourcePath: '' };
		}
		return known;
	}
}

/** ICredentialTypes: recognizes, getByName, getSupportedNodes, getParentTypes. */
class CredentialTypes {
	constructor(types, hint) {
		this.types = types;
		this.hint = hint;
	}

	recognizes(type) {
		return type in this.types;
	}

	getByName(type) {
		const t = this.types[type];
		if (!t) {
			throw new Error(
				`Unknown credential type "${type}". Known: ${Object.keys(this.types).join(', ')}` +
					(this.hint ? `. ${this.hint}` : ''),
			);
		}
		return t;
	}

	getSupportedNodes(type) {
		return this.types[type]?.supportedNodes ?? [];
	}

	getParentTypes(type) {
		const parents = this.types[type]?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}
}

function instantiate(file, kind) {
	const mod = require(file);
	const prefix = path.basename(file).split('.')[0];
	const Ctor =
		mod[prefix] ?? Object.values(mod).find((v) => typeof v === 'function' && v.prototype);
	if (typeof Ctor !== 'function')
		throw new Error(`${file} exports no ${kind} class (expected "${prefix}")`);
	return new Ctor();
}

const packageCache = new Map();

/**
 * The package's own node and credential types, loaded from the BUILT package (package.json
 * `n8n.nodes` / `n8n.credentials`, i.e. dist/...). Node types are registered under their
 * description name (`alibabaWan`) and the full name n8n uses (`n8n-nodes-alibaba-wan.alibabaWan`).
 * Tolerant: missing files are reported in `errors` (unless `optional: false`), never thrown.
 */
function loadPackageNodeTypes({ packageDir = PACKAGE_DIR, optional = true } = {}) {
	const key = path.resolve(packageDir);
	if (packageCache.has(key) && optional) return packageCache.get(key);
	const result = { nodeTypes: {}, credentialTypes: {}, errors: [], packageName: undefined };
	try {
		const pkg = JSON.parse(fs.readFileSync(path.join(key, 'package.json'), 'utf8'));
		result.packageName = pkg.name;
		const n8n = pkg.n8n ?? {};
		for (const rel of n8n.credentials ?? []) {
			const file = path.join(key, rel);
			try {
				const cred = instantiate(file, 'credential');
				result.credentialTypes[cred.name] = cred;
			} catch (error) {
				result.errors.push(error);
			}
		}
		for (const rel of n8n.nodes ?? []) {
			const file = path.join(key, rel);
			try {
				const node = instantiate(file, 'node');
				const name = node.description.name;
				result.nodeTypes[name] = node;
				result.nodeTypes[`${pkg.name}.${name}`] = node;
			} catch (error) {
				result.errors.push(error);
			}
		}
	} catch (error) {
		result.errors.push(error);
	}
	if (!optional && result.errors.length) throw result.errors[0];
	if (!result.errors.length) packageCache.set(key, result);
	return result;
}

module.exports = { NodeTypes, CredentialTypes, loadPackageNodeTypes, PACKAGE_DIR };
