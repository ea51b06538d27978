"""The OpenAPI schema at /api/schema/ and the documentation pages beside it."""

import json

import pytest
import yaml
from django.core.management import call_command
from drf_spectacular.drainage import reset_generator_stats
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

CATALOG_PATHS = {
    "/api/v1/procedures/": "get",
    "/api/v1/procedures/{code}/": "get",
    "/api/v1/agencies/": "get",
    "/api/v1/agencies/{code}/": "get",
    "/api/v1/fields/": "get",
    "/api/v1/auth/token/": "post",
}
CITIZEN_PATHS = {"/api/v1/me/profile/": {"get", "patch"}}
DOCUMENT_PATHS = {
    "/api/v1/me/documents/": {"get", "post"},
    "/api/v1/me/documents/{id}/": {"get", "delete"},
    "/api/v1/me/documents/{id}/file/": {"get"},
}
DOSSIER_ACTIONS = [
    "submit",
    "request-completion",
    "refuse",
    "receive",
    "transfer",
    "claim",
    "assign",
    "request-supplement",
    "supplement",
    "request-payment",
    "record-payment",
    "submit-for-approval",
    "send-back",
    "approve",
    "deny",
    "return",
    "request-withdrawal",
    "stop",
    "reschedule",
]
DOSSIER_PATHS = {
    "/api/v1/dossiers/": {"get", "post"},
    "/api/v1/dossiers/{id}/": {"get", "patch"},
    "/api/v1/dossiers/{id}/files/": {"post"},
    "/api/v1/dossiers/{id}/files/{file_id}/": {"get", "delete"},
    "/api/v1/dossiers/{id}/events/": {"get"},
    "/api/v1/dossiers/{id}/slips/": {"get"},
    "/api/v1/dossiers/{id}/consultations/": {"get", "post"},
    "/api/v1/dossiers/{id}/rating/": {"get", "post"},
    "/api/v1/dossiers/{id}/files/from-store/": {"post"},
    "/api/v1/dossiers/{id}/declarations/": {"get"},
    "/api/v1/dossiers/{id}/declarations/{component_id}/": {"put"},
    **{f"/api/v1/dossiers/{{id}}/{action}/": {"post"} for action in DOSSIER_ACTIONS},
}
ERROR = {"$ref": "#/components/schemas/Error"}


@pytest.fixture
def schema():
    response = APIClient().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def refs(node):
    """Every $ref in a schema, however deep."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from refs(item)


def error_schema(operation, status):
    return operation["responses"][status]["content"]["application/json"]["schema"]


def params(operation):
    return {p["name"]: p for p in operation["parameters"]}


def test_schema_is_openapi_3_in_yaml_by_default():
    response = APIClient().get("/api/schema/")

    assert response.status_code == 200
    document = yaml.safe_load(response.content)
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "Một Cửa API"


def test_schema_is_a_valid_openapi_document(schema):
    validate_schema(schema)


def test_every_reference_in_the_schema_resolves(schema):
    components = schema["components"]["schemas"]
    prefix = "#/components/schemas/"

    for ref in set(refs(schema["paths"])) | set(refs(components)):
        assert ref.startswith(prefix) and ref.removeprefix(prefix) in components, ref


def test_schema_lists_every_endpoint_of_the_api_and_only_its_methods(schema):
    for path, method in CATALOG_PATHS.items():
        assert set(schema["paths"][path]) == {method}, path


def test_every_operation_is_tagged(schema):
    tags = {path: schema["paths"][path][method]["tags"] for path, method in CATALOG_PATHS.items()}

    assert tags == {
        "/api/v1/procedures/": ["procedures"],
        "/api/v1/procedures/{code}/": ["procedures"],
        "/api/v1/agencies/": ["agencies"],
        "/api/v1/agencies/{code}/": ["agencies"],
        "/api/v1/fields/": ["fields"],
        "/api/v1/auth/token/": ["auth"],
    }


def test_procedure_list_documents_its_filters_with_enums(schema):
    operation = schema["paths"]["/api/v1/procedures/"]["get"]
    documented = params(operation)

    assert {"search", "field", "agency", "level", "online_level", "page", "page_size"} <= set(
        documented
    )
    assert documented["level"]["schema"]["enum"] == ["central", "commune", "district", "province"]
    assert documented["online_level"]["schema"]["enum"] == ["full", "information", "partial"]


def test_agency_list_documents_its_filters(schema):
    documented = params(schema["paths"]["/api/v1/agencies/"]["get"])

    assert documented["has_desk"]["schema"] == {"type": "boolean"}
    assert documented["level"]["schema"]["enum"] == ["central", "commune", "district", "province"]


def test_lists_are_documented_as_pages(schema):
    operation = schema["paths"]["/api/v1/procedures/"]["get"]
    page = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    properties = schema["components"]["schemas"][page.rsplit("/", 1)[1]]["properties"]

    assert {"count", "next", "previous", "results"} <= set(properties)


def test_errors_are_documented_in_the_one_error_shape(schema):
    paths = schema["paths"]

    for path in ("/api/v1/procedures/", "/api/v1/agencies/"):
        assert error_schema(paths[path]["get"], "400") == ERROR
    for path in ("/api/v1/procedures/{code}/", "/api/v1/agencies/{code}/"):
        assert error_schema(paths[path]["get"], "404") == ERROR
    assert error_schema(paths["/api/v1/auth/token/"]["post"], "400") == ERROR
    assert set(schema["components"]["schemas"]["Error"]["properties"]) == {
        "code",
        "message",
        "fields",
    }


def test_detail_paths_take_codes_with_dots(schema):
    parameter = params(schema["paths"]["/api/v1/procedures/{code}/"]["get"])["code"]

    assert parameter["in"] == "path"
    assert parameter["schema"]["type"] == "string"


def test_schema_generates_without_warnings_and_validates(tmp_path):
    reset_generator_stats()

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))

    assert yaml.safe_load((tmp_path / "s.yml").read_text())["paths"]


def test_swagger_docs_page_is_served():
    response = APIClient().get("/api/docs/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert b"/api/schema/" in response.content


def test_redoc_page_is_served():
    response = APIClient().get("/api/redoc/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_the_api_documentation_pages_load_nothing_from_a_cdn(client, url):
    html = client.get(url).content.decode()

    assert "cdn.jsdelivr" not in html and "unpkg.com" not in html
    assert "/static/drf_spectacular_sidecar/" in html


def test_the_profile_endpoint_is_documented_under_citizens_with_its_errors(schema):
    for path, methods in CITIZEN_PATHS.items():
        assert set(schema["paths"][path]) == methods
        for method in methods:
            operation = schema["paths"][path][method]
            assert operation["tags"] == ["citizens"]
            assert error_schema(operation, "401") == ERROR
            assert error_schema(operation, "404") == ERROR
    assert error_schema(schema["paths"]["/api/v1/me/profile/"]["patch"], "400") == ERROR


# --- Dossiers ----------------------------------------------------------------------------------


def test_schema_lists_every_dossier_endpoint_with_its_methods_and_no_catch_all(schema):
    documented = {path: set(ops) for path, ops in schema["paths"].items() if "/dossiers/" in path}

    assert documented == DOSSIER_PATHS


def test_every_dossier_operation_is_tagged_dossiers(schema):
    # A dossier's consultations are documented with the consultations API.
    tagged = {p: m for p, m in DOSSIER_PATHS.items() if not p.endswith("/consultations/")}
    for path, methods in tagged.items():
        for method in methods:
            assert schema["paths"][path][method]["tags"] == ["dossiers"], (path, method)


def test_every_action_documents_its_body_and_every_error_in_the_one_shape(schema):
    for action in DOSSIER_ACTIONS:
        operation = schema["paths"][f"/api/v1/dossiers/{{id}}/{action}/"]["post"]
        assert operation["operationId"] == f"dossiers_{action.replace('-', '_')}"
        assert params(operation)["id"]["schema"] == {"type": "string", "format": "uuid"}
        for status in ("400", "401", "403", "404", "409"):
            assert error_schema(operation, status) == ERROR, (action, status)
        assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Dossier"
        }
    receive = schema["paths"]["/api/v1/dossiers/{id}/receive/"]["post"]["requestBody"]
    body = receive["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert schema["components"]["schemas"][body]["required"] == ["checklist"]


def test_the_dossier_list_is_a_cursor_page_with_documented_filters(schema):
    operation = schema["paths"]["/api/v1/dossiers/"]["get"]
    documented = params(operation)
    page = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    properties = schema["components"]["schemas"][page.rsplit("/", 1)[1]]["properties"]

    assert {"next", "previous", "results"} == set(properties)
    assert {
        "state",
        "procedure",
        "agency",
        "code",
        "due_before",
        "overdue",
        "received_from",
        "received_to",
        "flag",
        "cursor",
        "page_size",
    } == set(documented)
    assert documented["state"]["schema"]["type"] == "array"
    assert "received" in documented["state"]["schema"]["items"]["enum"]
    assert error_schema(operation, "400") == ERROR


def test_the_file_upload_is_multipart_and_the_download_binary(schema):
    upload = schema["paths"]["/api/v1/dossiers/{id}/files/"]["post"]
    download = schema["paths"]["/api/v1/dossiers/{id}/files/{file_id}/"]["get"]

    assert set(upload["requestBody"]["content"]) == {"multipart/form-data"}
    assert download["responses"]["200"]["content"]["application/octet-stream"]["schema"] == {
        "type": "string",
        "format": "binary",
    }
    assert error_schema(download, "404") == ERROR


# --- The applicant: ratings, the personal document store ------------------------------------


def test_the_rating_and_the_reuse_of_stored_papers_are_documented_with_their_errors(schema):
    rating = schema["paths"]["/api/v1/dossiers/{id}/rating/"]
    from_store = schema["paths"]["/api/v1/dossiers/{id}/files/from-store/"]["post"]

    for status in ("400", "401", "403", "404", "409"):
        assert error_schema(rating["post"], status) == ERROR, status
        assert error_schema(from_store, status) == ERROR, status
    assert error_schema(rating["get"], "404") == ERROR
    body = rating["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    required = schema["components"]["schemas"][body.rsplit("/", 1)[1]]["required"]
    assert set(required) == {"overall", "criteria"}
    reused = from_store["responses"]["201"]["content"]["application/json"]["schema"]["$ref"]
    assert (
        "reused_from_store"
        in schema["components"]["schemas"][reused.rsplit("/", 1)[1]]["properties"]
    )


def test_the_document_store_is_documented_under_citizens_with_its_errors(schema):
    for path, methods in DOCUMENT_PATHS.items():
        assert set(schema["paths"][path]) == methods, path
        for method in methods:
            operation = schema["paths"][path][method]
            assert operation["tags"] == ["citizens"]
            assert error_schema(operation, "401") == ERROR
    upload = schema["paths"]["/api/v1/me/documents/"]["post"]
    download = schema["paths"]["/api/v1/me/documents/{id}/file/"]["get"]
    assert set(upload["requestBody"]["content"]) == {"multipart/form-data"}
    assert error_schema(upload, "400") == ERROR
    assert download["responses"]["200"]["content"]["application/octet-stream"]["schema"] == {
        "type": "string",
        "format": "binary",
    }
    assert error_schema(download, "404") == ERROR
    delete = schema["paths"]["/api/v1/me/documents/{id}/"]["delete"]
    assert error_schema(delete, "403") == ERROR and error_schema(delete, "404") == ERROR


# --- Tracking without an account ---------------------------------------------------------------


def test_tracking_is_one_public_get_documented_with_its_parameters_and_errors(schema):
    operation = schema["paths"]["/api/v1/track/"]["get"]
    documented = params(operation)

    assert set(schema["paths"]["/api/v1/track/"]) == {"get"}
    assert operation["tags"] == ["tracking"]
    assert operation["operationId"] == "track_retrieve"
    assert {"code", "verify"} == set(documented)
    assert documented["code"]["required"] and documented["verify"]["required"]
    assert {} in operation["security"]  # no account needed
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/TrackedDossier"
    }
    for status in ("400", "404", "429"):
        assert error_schema(operation, status) == ERROR, status
    public = schema["components"]["schemas"]["TrackedDossier"]["properties"]
    assert not {"applicant_name", "applicant_phone", "applicant_id_number"} & set(public)
