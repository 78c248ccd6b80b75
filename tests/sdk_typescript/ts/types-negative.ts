// Compiled on its own by the pytest driver, which expects exactly one error: the exhaustive
// switch below leaves `reasoning` unhandled, so assigning `item` to `never` must not compile.
import type { ConversationItem } from 'parley-client';

export function describe(item: ConversationItem): string {
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
      const unhandled: never = item;
      return String(unhandled);
    }
  }
}
