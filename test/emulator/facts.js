'use strict';

// Every fact about DashScope the emulator imitates, and every choice made where the sources are
// silent (UNCERTAIN; marked CHOICE and listed in README.md). Change
// behaviour here, not in the code that uses it.
//
// Sources: Alibaba Cloud Model Studio's API reference for Wan image editing
// (alibabacloud.com/help/en/model-studio), the official SDKs (github.com/dashscope/dashscope-sdk-python, dashscope-sdk-java)
// and the HTTP exchanges recorded in the tests of github.com/cnblogs/dashscope-sdk.
// Wan 2.6 / 2.7 (the image-generation route): Model Studio's "Wan 2.6 - image generation and
// editing" and "Wan2.7 - image generation and editing" API references
// (alibabacloud.com/help/en/model-studio/wan-image-generation-api-reference and
// .../wan-image-generation-and-editing-api-reference), the Qwen Cloud API reference of the same
// models (docs.qwencloud.com/api-reference/image-generation/), the official agent skill
// github.com/QwenCloud/qwencloud-ai (skills/image/qwencloud-image-generation) and the official SDKs
// above (ImageGeneration: async route = image-generation/generation + X-DashScope-Async).

const MB = 1024 * 1024;

/** Regions: path prefix on the emulator, region id shown in list items, one account each. */
const REGIONS = {
	singapore: {
		regionId: 'ap-southeast-1',
		uid: '5801000000000001',
		keyPrefix: 'sk-emu-sg-',
		sharedHost: 'dashscope-intl.aliyuncs.com',
	},
	beijing: {
		regionId: 'cn-beijing',
		uid: '5801000000000002',
		keyPrefix: 'sk-emu-cn-',
		sharedHost: 'dashscope.aliyuncs.com',
	},
	virginia: {
		regionId: 'us-east-1',
		uid: '5801000000000003',
		keyPrefix: 'sk-emu-us-',
		sharedHost: 'dashscope-us.aliyuncs.com',
	},
	// Model Studio "Base URL overview" and "Regions" pages (alibabacloud.com/help/en/model-studio/base-url,
	// .../regions/): Hong Kong has a shared domain; Frankfurt and Tokyo only workspace domains.
	hongkong: {
		regionId: 'cn-hongkong',
		uid: '5801000000000004',
		keyPrefix: 'sk-emu-hk-',
		sharedHost: 'cn-hongkong.dashscope.aliyuncs.com',
	},
	frankfurt: {
		regionId: 'eu-central-1',
		uid: '5801000000000005',
		keyPrefix: 'sk-emu-de-',
		sharedHost: null,
	},
	tokyo: {
		regionId: 'ap-northeast-1',
		uid: '5801000000000006',
		keyPrefix: 'sk-emu-jp-',
		sharedHost: null,
	},
};
// Every region also has workspace domains `{WorkspaceId}.{regionId}.maas.aliyuncs.com` (CHOICE: any
// well-formed workspace id is served; a key of the region is enough, the emulator keeps no
// workspaces). A request whose Host names no region (127.0.0.1) is routed by its path prefix.
const WORKSPACE_HOST = /^([a-z0-9][a-z0-9-]{0,62})\.([a-z0-9-]+)\.maas\.aliyuncs\.com$/i;
// `${origin}/api/v1` without a region prefix: n8n's built-in node posts to the international host.
const BARE_PATH_REGION = 'singapore';

const DEFAULT_KEYS = {
	singapore: 'sk-emu-sg-7d3f0a9c41b24e6f8a5c2d1e0b9f8a7c',
	beijing: 'sk-emu-cn-2b8e4c6a0d1f4a3b9c7e5d2f1a0b8c6e',
	virginia: 'sk-emu-us-9a1c3e5f7b2d4f6a8c0e2b4d6f8a1c3e',
	hongkong: 'sk-emu-hk-4c6e8a0b2d4f6a8c0e2b4d6f8a0c2e4a',
	frankfurt: 'sk-emu-de-6e8a0c2e4a6c8e0a2c4e6a8c0e2a4c6e',
	tokyo: 'sk-emu-jp-8a0c2e4a6c8e0a2c4e6a8c0e2a4c6e8a',
};

const IMAGE_LIMITS = { minSide: 384, maxSide: 5000, maxBytes: 10 * MB };

/** The two create routes; each model is served on one of them. */
const ROUTES = {
	synthesis: '/services/aigc/image2image/image-synthesis',
	messages: '/services/aigc/image-generation/generation',
};

/**
 * Wan 2.6 editing (enable_interleave false): 1 to 4 images, sides 240 to 8000 px, 10 MB, text up
 * to 2000 characters (the excess is cut), n 1 to 4 (service default 4), size "1K" (default) /
 * "2K" or "W*H" with 768*768 to 2048*2048 pixels in all.
 */
const WAN26 = {
	kind: 'messages',
	route: 'messages',
	// CHOICE: the async route in Virginia is UNCERTAIN (only the sync route is listed there); served.
	// Frankfurt: async Wan 2.6 per n8n's built-in node (github.com/n8n-io/n8n/pull/37060). Hong Kong
	// and Tokyo: UNCERTAIN, not served (the node sends and explains the refusal).
	regions: ['singapore', 'beijing', 'virginia', 'frankfurt'],
	minImages: 1,
	maxImages: 4,
	image: { minSide: 240, maxSide: 8000, maxBytes: 10 * MB },
	promptChars: 2000,
	nDefault: 4,
	// A preset is a pixel budget; the aspect ratio follows the last input image. CHOICE: each side
	// rounded to the NEAREST multiple of 32, the one rule found that gives the official example
	// ("1K" and a 1696x960 input gave usage.size 1376*768, Wan 2.6 API reference); see PRESET_ROUNDING.
	sizePresets: { '1K': 1024 * 1024, '2K': 2048 * 2048 },
	sizeDefault: '1K',
	minPixels: 768 * 768,
	maxPixels: 2048 * 2048,
	maxAspect: 4, // CHOICE: UNCERTAIN for editing; the bounds of Wan 2.6 text-to-image
	interleave: true, // takes enable_interleave (only false, editing, is emulated)
	boxes: false,
	// usage tokens are zeros for Wan 2.6 (official example)
	tokens: false,
};

/**
 * Wan 2.7 / 2.7 Pro: 0 to 9 images (0 = text-to-image, CHOICE: not emulated, refused), size
 * "1K" / "2K" (default) or "W*H"; "4K" is Pro text-to-image only; bbox_list (interactive
 * editing), non-zero usage tokens.
 */
const WAN27 = {
	...WAN26,
	regions: ['singapore', 'beijing'], // no Virginia host is listed for Wan 2.7
	maxImages: 9,
	// CHOICE: 20 MB per copies of the reference (10 MB per the official skill): the larger is
	// accepted (the node sends at most 10 MB, safe either way). Input aspect 1:8 to 8:1 (UNCERTAIN,
	// copies of the reference): refused beyond, as the node refuses before paying.
	image: { minSide: 240, maxSide: 8000, maxBytes: 20 * MB, maxAspect: 8 },
	promptChars: 5000, // UNCERTAIN (copies of the reference)
	sizeDefault: '2K',
	maxAspect: 8, // UNCERTAIN (copies of the reference: 1:8 to 8:1)
	interleave: false,
	boxes: true,
	tokens: true,
};

const MODELS = {
	'wan2.5-i2i-preview': {
		kind: 'wan25',
		route: 'synthesis',
		// CHOICE: availability outside Singapore and Beijing is UNCERTAIN; served in Virginia only.
		regions: ['singapore', 'beijing', 'virginia'],
		minImages: 1,
		maxImages: 3,
		image: IMAGE_LIMITS,
		nDefault: 4,
	},
	'wan2.6-image': WAN26,
	'wan2.7-image': WAN27,
	'wan2.7-image-pro': { ...WAN27, textOnlySizes: ['4K'] },
	'wanx2.1-imageedit': {
		kind: 'wanx21',
		route: 'synthesis',
		regions: ['beijing'],
		minImages: 1,
		maxImages: 1,
		// The older model's published input limits.
		image: { minSide: 512, maxSide: 4096, maxBytes: 10 * MB },
		nDefault: 1,
		functions: [
			'stylization_all',
			'stylization_local',
			'description_edit',
			'description_edit_with_mask',
			'remove_watermark',
			'expand',
			'super_resolution',
			'colorization',
			'doodle',
			'control_cartoon_feature',
		],
		functionsNeedingMask: ['description_edit_with_mask'],
	},
};

const CREATE_LIMITS = {
	promptChars: 2000,
	negativePromptChars: 500,
	// CHOICE: "characters" counted as Unicode code points (not UTF-16 units).
	countCodePoints: true,
	minPixels: 589824, // 768*768
	maxPixels: 1638400, // 1280*1280
	maxAspect: 4,
	nMin: 1,
	nMax: 4,
	seedMax: 2147483647,
	mimeTypes: ['image/jpeg', 'image/png', 'image/bmp', 'image/webp'],
	promptExtendDefault: true,
	watermarkDefault: false,
};

/** Output size when `parameters.size` is omitted (CHOICE: rounding rule is UNCERTAIN). */
const DEFAULT_OUTPUT = { targetPixels: 1638400, multiple: 16 };
/** Sides of a "1K"/"2K" output: nearest multiple of 32 (CHOICE, fits the one official example). */
const PRESET_ROUNDING = { multiple: 32, round: 'nearest' };

const STATUS = {
	PENDING: 'PENDING',
	RUNNING: 'RUNNING',
	SUCCEEDED: 'SUCCEEDED',
	FAILED: 'FAILED',
	CANCELED: 'CANCELED',
	UNKNOWN: 'UNKNOWN',
};

const LIST = {
	pageSizeDefault: 10,
	pageSizeMax: 100, // CHOICE: UNCERTAIN; above -> 400 InvalidParameter
	pageNoDefault: 1,
	// CHOICE: start_time/end_time (YYYYMMDDhhmmss) are read as Beijing time and bound gmt_create.
	newestFirst: true, // CHOICE: order UNCERTAIN
	// CHOICE: start_time / end_time fields are omitted from an item until they are known.
};

const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

/** Request-level errors: HTTP status, code, message. */
const ERRORS = {
	noKey: { status: 401, code: 'InvalidApiKey', message: 'No API-key provided.' },
	badKey: { status: 401, code: 'InvalidApiKey', message: 'Invalid API-key provided.' },
	syncCall: {
		status: 403,
		code: 'AccessDenied',
		message: 'current user api does not support synchronous calls',
	},
	tooLarge: { status: 413, code: 'BadRequest.TooLarge', message: 'Payload Too Large.' },
	// CHOICE: unknown model (or model not offered in the region) -> 404 ModelNotFound.
	modelNotFound: { status: 404, code: 'ModelNotFound', message: 'Model not exist.' },
	invalid: {
		status: 400,
		code: 'InvalidParameter',
		message: 'Required parameter(s) missing or invalid, please check the request parameters.',
	},
	downloadFailed: {
		status: 400,
		code: 'InvalidParameter.DataInspection',
		message: 'Failed to download the media resource.',
	},
	// CHOICE: bytes that are not JPEG/PNG/BMP/WEBP -> 415 BadRequest.UnsupportedFileFormat.
	unsupportedFormat: {
		status: 415,
		code: 'BadRequest.UnsupportedFileFormat',
		message: 'The file format is not supported.',
	},
	cancelNotPending: {
		status: 400,
		code: 'UnsupportedOperation',
		message: 'Failed to cancel the task, please confirm if the task is in PENDING status.',
	},
	throttled: {
		status: 429,
		code: 'Throttling.RateQuota',
		message: 'Requests rate limit exceeded, please try again later.',
	},
	// CHOICE: unknown route -> 404 NotFound in the usual error shape.
	notFound: { status: 404, code: 'NotFound', message: 'The requested resource was not found.' },
};

/** Messages of task-level failures ([[fail:CODE]] directive, partial failures). */
const TASK_FAILURES = {
	DataInspectionFailed: 'Input or output data may contain inappropriate content.',
	IPInfringementSuspect: 'Input data is suspected of being involved in IP infringement.',
	InternalError:
		'An internal error has occured, please try again later or contact service support.',
	'InternalError.Timeout':
		'An internal timeout error has occured during execution, please try again later or contact service support.',
	InvalidParameter:
		'Required parameter(s) missing or invalid, please check the request parameters.',
	generic: (code) => `The task failed with ${code}.`,
};
// CHOICE: a partial directive that fails every image makes the task FAILED with this code.
const ALL_IMAGES_FAILED_CODE = 'InternalError.Timeout';

/** Defaults of injected 'status' faults, by HTTP status. */
const FAULT_STATUS_DEFAULTS = {
	429: {
		code: 'Throttling.RateQuota',
		message: 'Requests rate limit exceeded, please try again later.',
	},
	500: {
		code: 'InternalError',
		message: 'An internal error has occured, please try again later or contact service support.',
	},
	502: { code: 'BadGateway', message: 'Bad Gateway' },
	503: { code: 'ModelUnavailable', message: 'Model is unavailable, please try again later.' },
	504: { code: 'GatewayTimeout', message: 'Gateway Timeout' },
};

/** Signed result URLs, imitating OSS. */
const RESULT_URL = {
	accessKeyId: 'LTAI5tEmulatorAccessKey',
	signedErrors: {
		badSignature: {
			code: 'SignatureDoesNotMatch',
			message: 'The request signature we calculated does not match the signature you provided.',
		},
		expired: { code: 'AccessDenied', message: 'Request has expired.' },
		noKey: { code: 'NoSuchKey', message: 'The specified key does not exist.' },
	},
	paddingChunkType: 'emUp', // private, ancillary, safe-to-copy PNG chunk
};

/** Behaviour of the download of URL inputs (the emulator never leaves loopback). */
const INPUT_DOWNLOAD = { timeoutMs: 10000, maxRedirects: 3 };

const CHOICES = {
	// Whether the X-DashScope-Async value is compared case-insensitively.
	asyncHeaderCaseInsensitive: true,
	// Requests refused with 429 do not count toward the sliding window.
	rejectedCountTowardRate: false,
	// PNG alpha: UNCERTAIN. 'ignored': accepted, alpha dropped when rendering; 'rejected': 400.
	pngAlpha: 'ignored',
	// The declared data URI mime must be one of mimeTypes; when false the bytes alone decide the
	// format (a PNG sent as data:image/jpeg is accepted).
	dataUriMimeMustMatchBytes: false,
	// A model posted to the other create route: 400 InvalidParameter naming the right route
	// (the real answer is UNCERTAIN).
	wrongRouteAs: 'invalid',
	// Wan 2.6/2.7 partial results: UNCERTAIN (documented only for Wan 2.5). A failed image is
	// left out of output.choices and of usage.image_count.
	// Wan 2.6/2.7 PENDING/RUNNING answers: no task_metrics (none in any example).
	// Cancel of an unknown / foreign / expired task answers like any non-PENDING task.
	cancelUnknownAs: 'cancelNotPending',
	cancelBody: (requestId) => ({ request_id: requestId }),
};

module.exports = {
	MB,
	REGIONS,
	WORKSPACE_HOST,
	BARE_PATH_REGION,
	DEFAULT_KEYS,
	MODELS,
	ROUTES,
	CREATE_LIMITS,
	DEFAULT_OUTPUT,
	PRESET_ROUNDING,
	STATUS,
	LIST,
	BEIJING_OFFSET_MS,
	ERRORS,
	TASK_FAILURES,
	ALL_IMAGES_FAILED_CODE,
	FAULT_STATUS_DEFAULTS,
	RESULT_URL,
	INPUT_DOWNLOAD,
	CHOICES,
};
