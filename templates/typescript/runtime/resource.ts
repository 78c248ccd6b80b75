// Base class of every generated resource: it only holds the client the methods send through.

import type { BaseClient } from './client.js';

export abstract class APIResource {
  protected readonly client: BaseClient;

  constructor(client: BaseClient) {
    this.client = client;
  }
}
