/** The coordinators' calls to the admin API, answers checked against the protocol. */
import { z } from 'zod';
import {
  alertAcknowledgedResponse,
  createShelterResponse,
  crlImportResponse,
  crlListResponse,
  enrollmentCodeResponse,
  shelterAlertsResponse,
  shelterListResponse,
  type AlertAcknowledged,
  type CrlImportResponse,
  type CrlListResponse,
  type ShelterAlerts,
} from '../../protocol/api.ts';

export type ShelterOverview = z.infer<typeof shelterListResponse>['shelters'][number];

function errorMessage(json: unknown, status: number): string {
  return (json as { error?: { message?: string } } | undefined)?.error?.message ?? `HTTP ${status}`;
}

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
    if (!response.ok) throw new Error(errorMessage(json, response.status));
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

  async alerts(shelterId: string): Promise<ShelterAlerts['alerts']> {
    return (await this.call('GET', `/api/v1/admin/shelters/${encodeURIComponent(shelterId)}/alerts`, shelterAlertsResponse)).alerts;
  }

  acknowledgeAlert(alertId: string): Promise<AlertAcknowledged> {
    return this.call('POST', `/api/v1/admin/alerts/${encodeURIComponent(alertId)}/acknowledge`, alertAcknowledgedResponse);
  }

  async crls(): Promise<CrlListResponse['crls']> {
    return (await this.call('GET', '/api/v1/admin/crls', crlListResponse)).crls;
  }

  /**
   * Uploads a CRL file as the request body. XMLHttpRequest, not fetch: only it reports upload
   * progress, and a JPKI list is hundreds of megabytes.
   */
  importCrl(file: Blob, onProgress: (sent: number, total: number) => void): Promise<CrlImportResponse> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', new URL('/api/v1/admin/crls', this.baseUrl));
      xhr.setRequestHeader('authorization', `Bearer ${this.token}`);
      xhr.setRequestHeader('content-type', 'application/pkix-crl');
      xhr.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
      xhr.onerror = () => reject(new Error('network'));
      xhr.onload = () => {
        let json: unknown;
        try {
          json = JSON.parse(xhr.responseText);
        } catch {
          json = undefined;
        }
        if (xhr.status >= 200 && xhr.status < 300) resolve(crlImportResponse.parse(json));
        else reject(new Error(errorMessage(json, xhr.status)));
      };
      xhr.send(file);
    });
  }

  enrollmentCode(shelterId: string): Promise<z.infer<typeof enrollmentCodeResponse>> {
    return this.call('POST', `/api/v1/admin/shelters/${encodeURIComponent(shelterId)}/enrollment-codes`, enrollmentCodeResponse, {});
  }
}
