// Starts Swagger UI on /docs. Kept out of the page so the Content-Security-Policy
// can forbid inline scripts (script-src 'self'); the page passes its settings as
// data attributes of #swagger-ui.
(function () {
  "use strict";
  var element = document.getElementById("swagger-ui");
  var data = element.dataset;
  window.ui = SwaggerUIBundle({
    url: data.openapiUrl,
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    persistAuthorization: true,
    oauth2RedirectUrl: new URL(data.oauth2RedirectUrl, window.location.href).href,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
  });
})();
