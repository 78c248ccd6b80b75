// Type-level tests. Compiling this file is the test: exhaustive switches over the generated
// discriminated unions type-check with a `never` default, and the `@ts-expect-error` lines prove
// that leaving a member unhandled is a compile error (an unused directive fails compilation).
// The runtime assertions keep the functions honest.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { Annotation, ContentPart, ConversationItem, Conversation, MessageItem } from 'parley-client';

export function describeItem(item: ConversationItem): string {
  switch (item.type) {
    case 'message':
      return `message from ${item.role}`;
    case 'web_search_call':
      return `web search ${item.status}`;
    case 'file_search_call':
      return `file search for ${item.queries.join(', ')}`;
    case 'function_call':
      return `call ${item.name}(${item.arguments})`;
    case 'function_call_output':
      return `output of ${item.call_id}`;
    case 'mcp_approval_request':
      return `approval request on ${item.server_label}`;
    case 'mcp_approval_response':
      return `approval ${item.approve ? 'granted' : 'denied'}`;
    case 'mcp_call':
      return `mcp call ${item.name}`;
    case 'mcp_list_tools':
      return `${item.tools.length} tools`;
    case 'reasoning':
      return `reasoning in ${item.summary.length} parts`;
    default: {
      const unhandled: never = item;
      return `unknown item type ${(unhandled as { type: string }).type}`;
    }
  }
}

export function describeItemMissingOne(item: ConversationItem): string {
  switch (item.type) {
    case 'message':
    case 'web_search_call':
    case 'file_search_call':
    case 'function_call':
    case 'function_call_output':
    case 'mcp_approval_request':
    case 'mcp_approval_response':
    case 'mcp_call':
    case 'mcp_list_tools':
      return item.type;
    default: {
      // @ts-expect-error -- 'reasoning' is unhandled, so `item` is ReasoningItem, not never.
      const unhandled: never = item;
      return String(unhandled);
    }
  }
}

export function describePart(part: ContentPart): string {
  switch (part.type) {
    case 'input_text':
      return part.text;
    case 'input_image':
      return part.image_url ?? part.file_id ?? '(image)';
    case 'input_file':
      return part.filename ?? '(file)';
    case 'output_text':
      return `${part.text} [${(part.annotations ?? []).map(describeAnnotation).join('; ')}]`;
    case 'refusal':
      return `refused: ${part.refusal}`;
    default: {
      const unhandled: never = part;
      return String(unhandled);
    }
  }
}

export function describePartMissingOne(part: ContentPart): string {
  switch (part.type) {
    case 'input_text':
    case 'input_image':
    case 'input_file':
    case 'output_text':
      return part.type;
    default: {
      // @ts-expect-error -- 'refusal' is unhandled.
      const unhandled: never = part;
      return String(unhandled);
    }
  }
}

export function describeAnnotation(annotation: Annotation): string {
  switch (annotation.type) {
    case 'file_citation':
      return `${annotation.filename}@${annotation.index}`;
    case 'url_citation':
      return `${annotation.title} <${annotation.url}> ${annotation.start_index}-${annotation.end_index}`;
    case 'container_file_citation':
      return `${annotation.container_id}/${annotation.file_id}`;
    case 'file_path':
      return `${annotation.file_id}@${annotation.index}`;
    default: {
      const unhandled: never = annotation;
      return String(unhandled);
    }
  }
}

export function describeAnnotationMissingOne(annotation: Annotation): string {
  switch (annotation.type) {
    case 'file_citation':
    case 'url_citation':
    case 'container_file_citation':
      return annotation.type;
    default: {
      // @ts-expect-error -- 'file_path' is unhandled.
      const unhandled: never = annotation;
      return String(unhandled);
    }
  }
}

// Optional versus nullable exactly as the spec says.
type IsOptional<T, K extends keyof T> = {} extends Pick<T, K> ? true : false;
type Accepts<T, V> = [V] extends [T] ? true : false;
const idOptional: IsOptional<MessageItem, 'id'> = true;
const roleRequired: IsOptional<MessageItem, 'role'> = false;
const typeRequired: IsOptional<MessageItem, 'type'> = false;
const metadataRequired: IsOptional<Conversation, 'metadata'> = false;
// @ts-expect-error -- a conversation id is never null.
const idNotNull: Accepts<Conversation['id'], null> = true;

test('type-level checks compiled; the exhaustive functions work at runtime', () => {
  assert.deepEqual([idOptional, roleRequired, typeRequired, metadataRequired, idNotNull], [true, false, false, false, true]);
  assert.equal(describeItem({ type: 'message', role: 'user', content: 'hi' }), 'message from user');
  assert.equal(
    describeItem({ type: 'hologram' } as unknown as ConversationItem),
    'unknown item type hologram',
  );
  assert.equal(
    describePart({ type: 'output_text', text: 't', annotations: [{ type: 'file_path', file_id: 'f', index: 2 }] }),
    't [f@2]',
  );
  assert.equal(describeItemMissingOne({ type: 'reasoning', id: 'r', summary: [] }), '[object Object]');
  assert.equal(describePartMissingOne({ type: 'refusal', refusal: 'no' }), '[object Object]');
  assert.equal(describeAnnotationMissingOne({ type: 'file_path', file_id: 'f', index: 1 }), '[object Object]');
});
