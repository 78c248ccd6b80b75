// The program whose bundle size bench/sdk_typescript.py reports: list a conversation's items.
import { Parley } from "parley-client";

const client = new Parley({ baseURL: "https://api.example.com" });

export async function main(conversationId: string): Promise<void> {
  for await (const item of client.conversations.items.list(conversationId, { limit: 20 })) {
    console.log(item.type);
  }
}
