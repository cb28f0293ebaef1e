'use strict';

// Request-level failures travel as ApiError up to the router, which turns them into the service's
// error body; handlers never write to the socket themselves.
class ApiError extends Error {
	constructor(fact, message, headers) {
		super(message || fact.message);
		this.status = fact.status;
		this.code = fact.code;
		this.headers = headers || {};
	}
}

/** The error body of every DashScope route. */
function errorBody(requestId, code, message) {
	return { request_id: requestId, code, message };
}

function xmlEscape(text) {
	return String(text).replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The XML error body OSS answers on signed URLs. */
function ossErrorXml(code, message, requestId, hostId) {
	return (
		'<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n' +
		`  <Code>${xmlEscape(code)}</Code>\n  <Message>${xmlEscape(message)}</Message>\n` +
		`  <RequestId>${xmlEscape(requestId)}</RequestId>\n  <HostId>${xmlEscape(hostId)}</HostId>\n</Error>\n`
	);
}

module.exports = { ApiError, errorBody, ossErrorXml };
