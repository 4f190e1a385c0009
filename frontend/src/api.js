// Thin client for the Marsad REST API. The token lives in sessionStorage only.

const TOKEN_KEY = "marsad.token";
const REVIEWER_KEY = "marsad.reviewer";

export function getToken() {
  return sessionStorage.getItem(TOKEN_KEY) || "";
}
export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}
export function getReviewer() {
  return sessionStorage.getItem(REVIEWER_KEY) || "";
}
export function setReviewer(value) {
  sessionStorage.setItem(REVIEWER_KEY, value || "");
}

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** Query string from a filter object, leaving out empty values. */
export function queryString(params) {
  const qs = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === "") continue;
    qs.set(key, String(value));
  }
  const text = qs.toString();
  return text ? `?${text}` : "";
}

/** Fetch JSON from the API; throws ApiError with the server's message. */
export async function api(path, { method = "GET", body, params } = {}) {
  const headers = { Accept: "application/json" };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path + (params ? queryString(params) : ""), {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
  });
  const payload = await response.json().catch(() => null);
  if (!response.ok) {
    const message = payload?.message || payload?.detail || response.statusText;
    throw new ApiError(response.status, typeof message === "string" ? message : JSON.stringify(message));
  }
  return payload;
}
