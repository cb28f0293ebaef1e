/**
 * Creating tasks: the model table, reading and checking an item's parameters and images (before
 * anything is paid), the create body, submitting with Retry On Fail's ledger.
 */
export { boxesExample } from './boxes';
export type { ImageSource, ImageSpec } from './images';
export type { ModelLimits } from './models';
export {
	EDITING_MODELS,
	LEGACY_MODEL,
	MODELS,
	NEW_NODE_MODEL,
	SHARED_LIMITS,
	labelsOf,
	modelLimits,
	modelName,
	modelsWhere,
	perModel,
} from './models';
export type { GenerationSettings } from './parameters';
export { RetryLedger } from './retryLedger';
export { submissionJson } from './submission';
export type { ImageReader, Submission } from './submit';
export { checkItem, submitImageTasks } from './submit';
