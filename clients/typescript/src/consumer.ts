// A small consumer of Troupe's API: types from openapi-typescript, calls through openapi-fetch.
// tests/ops/test_typescript_client.py generates src/troupe.d.ts from the live spec and
// type-checks this file under `tsc --strict`; the @ts-expect-error lines must stay errors.
import createClient from "openapi-fetch";
import type { components, paths } from "./troupe.js";

type Campaign = components["schemas"]["CampaignRead"];
type CampaignCreate = components["schemas"]["CampaignCreate"];
type Problem = components["schemas"]["Problem"];
// JSON answers and problem+json errors: lists can also answer CSV or XLSX (`?format=`),
// which a JSON client leaves out of its types.
type Json = `${string}/${string}json`;

export function troupe(baseUrl: string, token: string) {
  return createClient<paths, Json>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });
}

export async function memberNames(api: ReturnType<typeof troupe>, workspace: string): Promise<string[]> {
  const { data, error } = await api.GET("/api/v1/workspaces/{workspace}/members", {
    params: { path: { workspace }, query: { q: "lin", limit: 50 } },
  });
  if (error) {
    throw new Error(`${error.status} ${error.title}: ${error.detail}`);
  }
  const next: string | null = data.next_cursor; // replies list every field as required
  void next;
  return data.items.map((member) => member.display_name);
}

export async function startCampaign(
  api: ReturnType<typeof troupe>,
  workspace: string,
  name: string,
): Promise<Campaign> {
  // Fields with server defaults (kind, status, scopes, …) may be left out of a request.
  const body: CampaignCreate = { name, scopes: [{ name: "Script" }] };
  const { data, error, response } = await api.POST("/api/v1/workspaces/{workspace}/campaigns", {
    params: { path: { workspace }, header: { "Idempotency-Key": `start-${name}` } },
    body,
  });
  if (error) {
    const problem: Problem = error;
    throw new Error(`${response.status}: ${problem.detail}`);
  }
  const status: Campaign["status"] = data.status; // required in the reply
  console.log(`${data.name} is ${status}; ETag ${response.headers.get("ETag") ?? "none"}`);
  return data;
}

export function mistakesTheTypesCatch(api: ReturnType<typeof troupe>): void {
  // @ts-expect-error: a campaign needs a name
  const nameless: CampaignCreate = { scopes: [] };
  // @ts-expect-error: an unknown RACI value
  void api.POST("/api/v1/workspaces/{workspace}/assignments", { params: { path: { workspace: "w" } }, body: { member_id: "m", role_id: "r", raci: "boss" } });
  // @ts-expect-error: no such endpoint
  void api.GET("/api/v1/workspaces/{workspace}/nonsense", { params: { path: { workspace: "w" } } });
  void nameless;
}
