import type { IDataObject } from 'n8n-workflow';

import type { GenerationSettings } from './parameters';

/** The create body of the model's API, images already prepared (data URIs or URLs, in order). */
export function buildCreateBody(settings: GenerationSettings, images: string[]): IDataObject {
	const parameters: IDataObject = { n: settings.n };
	if (settings.promptExtend !== undefined) parameters.prompt_extend = settings.promptExtend;
	parameters.watermark = settings.watermark;
	if (settings.size) parameters.size = settings.size;
	if (settings.seed !== undefined) parameters.seed = settings.seed;
	if (settings.limits.api === 'synthesis') {
		const input: IDataObject = { prompt: settings.prompt, images };
		if (settings.negativePrompt) input.negative_prompt = settings.negativePrompt;
		return { model: settings.model, input, parameters };
	}
	// One user message: exactly one text, then the images ("image 1", "image 2", ... by position).
	const content = [{ text: settings.prompt }, ...images.map((image) => ({ image }))];
	if (settings.negativePrompt) parameters.negative_prompt = settings.negativePrompt;
	Object.assign(parameters, settings.limits.editing);
	if (settings.boxes) parameters.bbox_list = settings.boxes;
	return { model: settings.model, input: { messages: [{ role: 'user', content }] }, parameters };
}
