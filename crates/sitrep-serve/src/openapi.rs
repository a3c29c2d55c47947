//! The OpenAPI 3 description of the API, written by hand: the routes are
//! few and their shapes are fixed by DESIGN.md.

use axum::Json;
use serde_json::{json, Value};

pub(crate) async fn document() -> Json<Value> {
    Json(spec())
}

fn error_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    })
}

/// Every route answers this to a request whose Host names another server
/// (see `HostPolicy`).
fn host_refused() -> Value {
    error_response("the Host header names another server than this one (restart it with --allow-host NAME to answer that name)")
}

fn query_param(name: &str, description: &str, schema: Value) -> Value {
    json!({"name": name, "in": "query", "required": false, "description": description, "schema": schema})
}

/// How `/api/live` behaves, for its operation's description.
fn live_description() -> String {
    format!(
        "Server-Sent Events. `incident`: an incident was created, or changed because a new report \
         joined it (data: the incident as GET /api/incidents/{{id}} gives it). `resync`: the client \
         missed more than can be replayed; reload the list. `ready`: every change after its id \
         follows; a page should load its list after it. A request with Last-Event-ID first gets the \
         changes after it (up to {limit} incidents; beyond that, or for an id this database never \
         gave, `resync`), then `ready`. The server reads new changes every {poll} ms and sends a \
         comment line every 15 s of silence. The stream stays open only for a client whose Accept \
         names text/event-stream (EventSource always does); any other gets the events up to `ready` \
         and the answer ends, so that polling with Last-Event-ID works.",
        limit = crate::REPLAY_LIMIT,
        poll = crate::POLL_INTERVAL.as_millis(),
    )
}

pub(crate) fn spec() -> Value {
    let date = json!({"type": "string", "format": "date"});
    // A form's empty field means no filter.
    let day_or_empty = json!({"type": "string", "anyOf": [{"format": "date"}, {"maxLength": 0}]});
    let evidence = json!({"$ref": "#/components/schemas/Evidence"});
    let evidence_or_null = json!({"$ref": "#/components/schemas/NullableEvidence"});
    let up_to_i64 = i64::MAX;
    json!({
      "openapi": "3.0.3",
      "info": {
        "title": "sitrep API",
        "version": env!("CARGO_PKG_VERSION"),
        "description": "Incidents of armed conflict read from news reports: where, when, who, and who claims how many were killed or hurt."
      },
      "paths": {
        "/api/incidents": {"get": {
          "summary": "List incidents, filtered and paged",
          "parameters": [
            query_param("country", "ISO 3166 alpha-2 country code, any case (empty: every country)", json!({"type": "string", "pattern": "^([A-Za-z]{2})?$"})),
            query_param("since", "incidents whose date interval ends on or after this day (empty: no bound)", day_or_empty.clone()),
            query_param("until", "incidents whose date interval starts on or before this day (empty: no bound); before since, the incidents spanning the whole gap", day_or_empty.clone()),
            query_param("type", "ACLED event type, exactly (empty: every type)", json!({"type": "string"})),
            query_param("bbox", "west,south,east,north in degrees; a box whose west is east of its east, or whose south is north of its north, holds nothing (empty: no bound)", json!({"type": "string", "pattern": crate::api::BBOX_PATTERN, "example": "-12,10,5,25"})),
            query_param("offset", "incidents to skip", json!({"type": "integer", "minimum": 0, "maximum": up_to_i64, "default": 0})),
            query_param("limit", "page size", json!({"type": "integer", "minimum": 1, "maximum": crate::MAX_LIMIT, "default": 100}))
          ],
          "responses": {
            "200": {"description": "one page of incidents and how many matched",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/IncidentPage"}}}},
            "400": error_response("a malformed or unknown parameter"),
            "421": host_refused(),
            "500": error_response("the database could not be read")
          }
        }},
        "/api/incidents/{id}": {"get": {
          "summary": "One incident with its claims and documents",
          "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 0, "maximum": up_to_i64}}],
          "responses": {
            "200": {"description": "the incident", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Incident"}}}},
            "400": error_response("the id is not a number"),
            "404": error_response("no such incident"),
            "421": host_refused(),
            "500": error_response("the database could not be read")
          }
        }},
        "/api/documents/{id}": {"get": {
          "summary": "One source document with its text and mention spans (byte offsets)",
          "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
          "responses": {
            "200": {"description": "the document", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/StoredDocument"}}}},
            "404": error_response("no such document"),
            "421": host_refused(),
            "500": error_response("the database could not be read")
          }
        }},
        "/api/extract": {"post": {
          "summary": "Read one article and return its report",
          "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ExtractRequest"}}}},
          "responses": {
            "200": {"description": "the report", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Report"}}}},
            "400": error_response("not JSON, no text, a bad date or language"),
            "413": error_response(&format!("the body is larger than {} bytes", crate::MAX_EXTRACT_BYTES)),
            "415": error_response("the Content-Type is not application/json"),
            "421": host_refused(),
            "422": error_response("the pipeline could not read the text"),
            "500": error_response("the extraction failed unexpectedly"),
            "503": {
              "description": "every extraction slot is busy (one per core; retry after Retry-After seconds), or the server runs without the pipeline",
              "headers": {"Retry-After": {"description": "seconds to wait before retrying, when busy", "schema": {"type": "integer"}}},
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
            }
          }
        }},
        "/api/live": {"get": {
          "summary": "Incidents as they are stored: a stream of Server-Sent Events",
          "description": live_description(),
          "parameters": [{"name": "Last-Event-ID", "in": "header", "required": false,
            "description": "the id of the last event received: the changes after it are sent first (EventSource sends it when it reconnects)",
            "schema": {"type": "integer", "minimum": 0, "maximum": up_to_i64}}],
          "responses": {
            "200": {"description": "the events; the stream stays open only if Accept names text/event-stream",
                    "content": {"text/event-stream": {"schema": {"$ref": "#/components/schemas/LiveEvent"}}}},
            "400": error_response("Last-Event-ID is not a change number"),
            "421": host_refused(),
            "500": error_response("the database could not be read (an open stream that cannot read ends instead, and EventSource reconnects)")
          }
        }},
        "/metrics": {"get": {
          "summary": "Counters in Prometheus' text format",
          "description": "The server's own (sitrep_live_clients, sitrep_live_events_total, sitrep_live_polls_total, sitrep_live_poll_errors_total, sitrep_http_requests_total by status class), then those of the process running it (sitrep watch).",
          "responses": {
            "200": {"description": "Prometheus text exposition format 0.0.4", "content": {"text/plain": {"schema": {"type": "string"}}}},
            "421": host_refused()
          }
        }},
        "/api/openapi.json": {"get": {
          "summary": "This document",
          "responses": {
            "200": {"description": "OpenAPI 3 document", "content": {"application/json": {}}},
            "421": host_refused()
          }
        }}
      },
      "components": {"schemas": {
        "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
        "Evidence": {"type": "object", "description": "where a value was read: byte offsets into the document text",
          "properties": {"text": {"type": "string"}, "start": {"type": "integer"}, "end": {"type": "integer"}}},
        "NullableEvidence": {"type": "object", "nullable": true, "description": "where a value was read, when it was read from the text",
          "properties": {"text": {"type": "string"}, "start": {"type": "integer"}, "end": {"type": "integer"}}},
        "DocumentMeta": {"type": "object", "properties": {
          "id": {"type": "string"}, "language": {"type": "string", "enum": ["fr", "en"]},
          "published": {"type": "string", "format": "date", "nullable": true},
          "title": {"type": "string", "nullable": true}, "source": {"type": "string", "nullable": true},
          "url": {"type": "string", "nullable": true}}},
        "EventDate": {"type": "object", "nullable": true, "properties": {
          "start": date.clone(), "end": date.clone(), "time_precision": {"type": "integer", "enum": [1, 2, 3]},
          "evidence": evidence_or_null.clone()}},
        "EventLocation": {"type": "object", "nullable": true, "properties": {
          "name": {"type": "string"}, "geonameid": {"type": "integer", "nullable": true},
          "country_code": {"type": "string", "nullable": true}, "country": {"type": "string", "nullable": true},
          "admin1": {"type": "string", "nullable": true}, "admin2": {"type": "string", "nullable": true},
          "latitude": {"type": "number", "nullable": true}, "longitude": {"type": "number", "nullable": true},
          "geo_precision": {"type": "integer", "enum": [1, 2, 3]}, "evidence": evidence_or_null.clone()}},
        "EventActor": {"type": "object", "properties": {
          "name": {"type": "string"}, "role": {"type": "string"}, "inter": {"type": "integer"},
          "evidence": {"type": "array", "items": evidence.clone()}}},
        "Fatalities": {"type": "object", "properties": {
          "low": {"type": "integer", "nullable": true}, "best": {"type": "integer", "nullable": true},
          "high": {"type": "integer", "nullable": true}, "acled": {"type": "integer", "nullable": true}}},
        "Figure": {"type": "object", "nullable": true, "properties": {
          "value": {"type": "integer", "nullable": true}, "high": {"type": "integer"},
          "qualifier": {"type": "string", "enum": ["exact", "at_least", "about", "at_most", "range", "vague"]},
          "category": {"type": "string"}, "evidence": evidence.clone()}},
        "Claim": {"type": "object", "properties": {
          "claimant": {"type": "object", "properties": {"name": {"type": "string"},
            "kind": {"type": "string", "enum": ["party", "official", "local_source", "ngo", "media", "unattributed"]}}},
          "cue": evidence_or_null.clone(),
          "killed": {"$ref": "#/components/schemas/Figure"}, "injured": {"$ref": "#/components/schemas/Figure"},
          "additional": {"type": "boolean", "description": "Its dead are others than those the other claims count (told with \"also\"): they add to the toll."}}},
        "SourcedClaim": {"allOf": [{"$ref": "#/components/schemas/Claim"}, {"type": "object", "properties": {
          "document_id": {"type": "string"},
          "reprinted_in": {"type": "array", "items": {"type": "string"}}}}]},
        "Incident": {"type": "object", "properties": {
          "id": {"type": "integer"}, "event_type": {"type": "string"}, "sub_event_type": {"type": "string"},
          "date": {"$ref": "#/components/schemas/EventDate"}, "location": {"$ref": "#/components/schemas/EventLocation"},
          "actors": {"type": "array", "items": {"$ref": "#/components/schemas/EventActor"}},
          "civilian_targeting": {"type": "boolean"},
          "fatalities": {"$ref": "#/components/schemas/Fatalities"},
          "claims": {"type": "array", "items": {"$ref": "#/components/schemas/SourcedClaim"}},
          "documents": {"type": "array", "items": {"$ref": "#/components/schemas/DocumentMeta"}},
          "notes": {"type": "string"}}},
        "IncidentPage": {"type": "object", "properties": {
          "total": {"type": "integer"}, "offset": {"type": "integer"},
          "incidents": {"type": "array", "items": {"$ref": "#/components/schemas/Incident"}}}},
        "Mention": {"type": "object", "properties": {
          "kind": {"type": "string", "enum": ["time", "place", "quantity", "actor", "cue", "trigger"]},
          "start": {"type": "integer"}, "end": {"type": "integer"}, "text": {"type": "string"},
          "value": {"description": "depends on kind; see DESIGN.md"}}},
        "StoredDocument": {"allOf": [{"$ref": "#/components/schemas/DocumentMeta"}, {"type": "object", "properties": {
          "text": {"type": "string"},
          "mentions": {"type": "array", "items": {"$ref": "#/components/schemas/Mention"}}}}]},
        "ExtractRequest": {"type": "object", "required": ["text"], "additionalProperties": false,
          "description": "null is the same as leaving a field out",
          "properties": {
          "text": {"type": "string", "minLength": 1}, "published": {"type": "string", "format": "date", "nullable": true},
          "language": {"type": "string", "enum": ["auto", "fr", "en", null], "nullable": true, "default": "auto"},
          "id": {"type": "string", "nullable": true}, "title": {"type": "string", "nullable": true},
          "source": {"type": "string", "nullable": true}, "url": {"type": "string", "nullable": true}}},
        "Event": {"type": "object", "properties": {
          "id": {"type": "string"}, "background": {"type": "boolean"},
          "event_type": {"type": "string"}, "sub_event_type": {"type": "string"},
          "date": {"$ref": "#/components/schemas/EventDate"}, "location": {"$ref": "#/components/schemas/EventLocation"},
          "actors": {"type": "array", "items": {"$ref": "#/components/schemas/EventActor"}},
          "civilian_targeting": {"type": "boolean"},
          "fatalities": {"$ref": "#/components/schemas/Fatalities"},
          "claims": {"type": "array", "items": {"$ref": "#/components/schemas/Claim"}},
          "notes": {"type": "string"}, "evidence": evidence.clone()}},
        "LiveEvent": {"description": "One event of /api/live, as a Server-Sent Events parser reads it (fields event, id, data).",
          "oneOf": [
            {"type": "object", "required": ["event", "data"], "properties": {
              "event": {"type": "string", "enum": ["incident"]},
              "id": {"type": "string", "pattern": "^[0-9]+$", "description": "change number; on the last incident of one read only, so that a client cut off in the middle is sent the whole read again"},
              "data": {"type": "string", "description": "the incident, created or changed (a new report joined it), as JSON exactly as GET /api/incidents/{id} gives it",
                "contentMediaType": "application/json", "contentSchema": {"$ref": "#/components/schemas/Incident"}}}},
            {"type": "object", "required": ["event", "id", "data"], "properties": {
              "event": {"type": "string", "enum": ["resync"]},
              "id": {"type": "string", "pattern": "^[0-9]+$"},
              "data": {"type": "string", "description": "why: more changes were missed than are replayed, or the connection fell behind; reload the list",
                "contentMediaType": "application/json", "contentSchema": {"$ref": "#/components/schemas/LiveResync"}}}},
            {"type": "object", "required": ["event", "id", "data"], "properties": {
              "event": {"type": "string", "enum": ["ready"]},
              "id": {"type": "string", "pattern": "^[0-9]+$"},
              "data": {"type": "string", "description": "the change number the client now stands at",
                "contentMediaType": "application/json", "contentSchema": {"$ref": "#/components/schemas/LiveReady"}}}}
          ]},
        "LiveResync": {"type": "object", "required": ["reason"], "properties": {"reason": {"type": "string"}}},
        "LiveReady": {"type": "object", "required": ["last"], "properties": {"last": {"type": "integer", "minimum": 0}}},
        "Report": {"type": "object", "properties": {
          "document": {"$ref": "#/components/schemas/DocumentMeta"},
          "events": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}}}}
      }}
    })
}
