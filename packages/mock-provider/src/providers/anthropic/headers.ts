/** The response headers the Anthropic API sends that clients read: `request-id` above all. */
import { alnumId } from '../../ids.js';

export function anthropicHeaders(options: { stream?: boolean } = {}): Record<string, string> {
  return {
    'content-type': options.stream ? 'text/event-stream; charset=utf-8' : 'application/json',
    'request-id': alnumId('req_011C', 20),
    'anthropic-organization-id': '00000000-0000-4000-8000-000000000000',
  };
}
