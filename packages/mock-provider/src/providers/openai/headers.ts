/** The response headers the OpenAI API sends that clients read: the request id above all. */
import { hexId } from '../../ids.js';

export function openaiHeaders(options: { stream?: boolean } = {}): Record<string, string> {
  return {
    'content-type': options.stream ? 'text/event-stream; charset=utf-8' : 'application/json',
    'x-request-id': hexId('req_'),
    'openai-version': '2020-10-01',
    'openai-processing-ms': '12',
  };
}
