import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RegionKey } from '../transport';
import { REGIONS, failureDetails, resolveEndpoint } from '../transport';
import { MODELS, modelName, regionVerdict } from './models';

/**
 * Model x region, from the model table: a model the region does not serve is refused before any
 * request; where the sources are silent the request is sent, and the service's "no such model"
 * becomes the same explanation.
 */

function notOffered(
	ctx: IExecuteFunctions,
	itemIndex: number,
	model: string,
	region: RegionKey,
	answer?: string,
): NodeOperationError {
	const known = MODELS[model.trim().toLowerCase()];
	const where = known
		? `Model Studio offers it in ${known.regions.offered.map((key) => REGIONS[key].label).join(' and ')}`
		: 'Check the model list of your region in the Model Studio console';
	return new NodeOperationError(
		ctx.getNode(),
		`${modelName(model)} is not offered in ${REGIONS[region].label}`,
		{
			itemIndex,
			description: `${answer ? `The service answered ${answer}. ` : ''}${where}. Each region has its own models and its own API keys: use a credential of a region that offers the model, or pick another model.`,
		},
	);
}

/** The region the credential's calls go to, when the table knows it (a custom Base URL may not). */
async function regionOf(ctx: IExecuteFunctions, itemIndex: number): Promise<RegionKey | undefined> {
	return (await resolveEndpoint.call(ctx, itemIndex)).servedBy;
}

/** Refuses, before anything is paid, a model the credential's region does not serve. */
export async function checkModelRegion(
	this: IExecuteFunctions,
	itemIndex: number,
	model: string,
): Promise<void> {
	const region = await regionOf(this, itemIndex);
	if (region && regionVerdict(model, region) === 'absent')
		throw notOffered(this, itemIndex, model, region);
}

const NO_SUCH_MODEL = /^(ModelNotFound|Model\.|InvalidModel)/;

/** A create refused with "no such model" where the table was unsure: said as the check would. */
export async function explainModelRefusal(
	this: IExecuteFunctions,
	itemIndex: number,
	model: string,
	error: unknown,
): Promise<unknown> {
	const details = failureDetails(error);
	if (!details || !NO_SUCH_MODEL.test(String(details.code ?? ''))) return error;
	const region = await regionOf(this, itemIndex);
	if (!region) return error;
	const refusal = notOffered(this, itemIndex, model, region, `${details.code}: ${details.message}`);
	refusal.context.dashscope = details;
	return refusal;
}
