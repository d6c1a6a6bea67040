// The API reference: Swagger UI (vendored, see static/vendor/README.md) over our own /openapi.json.
// A file, not an inline script: the site's Content-Security-Policy allows no inline code.
window.addEventListener("DOMContentLoaded", () => {
  window.SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    tryItOutEnabled: true,
  });
});
