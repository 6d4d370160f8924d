/** The coordinators' calls to the admin API, answers checked against the protocol. */
import { z } from 'zod';
import { createShelterResponse, enrollmentCodeResponse, shelterListResponse } from '../../protocol/api.ts';

export type ShelterOverview = z.infer<typeof shelterListResponse>['shelters'][number];

export class CoordinatorClient {
  constructor(
    private readonly token: string,
    private readonly baseUrl: string = location.origin,
  ) {}

  private async call<S extends z.ZodType>(method: 'GET' | 'POST', path: string, schema: S, body?: unknown): Promise<z.infer<S>> {
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const message = (json as { error?: { message?: string } } | undefined)?.error?.message;
      throw new Error(message ?? `HTTP ${response.status}`);
    }
    return schema.parse(json);
  }

  shelters(): Promise<ShelterOverview[]> {
    return this.call('GET', '/api/v1/admin/shelters', shelterListResponse).then((r) => r.shelters);
  }

  createShelter(name: string): Promise<z.infer<typeof createShelterResponse>> {
    return this.call('POST', '/api/v1/admin/shelters', createShelterResponse, { name });
  }

  async registryCsv(shelterId: string): Promise<Blob> {
    const response = await fetch(new URL(`/api/v1/admin/shelters/${encodeURIComponent(shelterId)}/registry.csv`, this.baseUrl), {
      headers: { authorization: `Bearer ${this.token}` },
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.blob();
  }

  enrollmentCode(shelterId: string): Promise<z.infer<typeof enrollmentCodeResponse>> {
    return this.call('POST', `/api/v1/admin/shelters/${encodeURIComponent(shelterId)}/enrollment-codes`, enrollmentCodeResponse, {});
  }
}
