//! Logs and traces. Log lines go to stderr (text or JSON). Traces are exported only when an
//! OTLP endpoint is configured: every `tracing` span (the HTTP request, the GraphQL operation
//! inside it) becomes an OpenTelemetry span, batched and sent over OTLP/HTTP (protobuf) by
//! `opentelemetry-otlp`. An incoming W3C `traceparent` is the parent of the request's span,
//! so the server's spans join the client's trace.

use std::sync::atomic::{AtomicBool, Ordering};

use opentelemetry::trace::TracerProvider as _;
use opentelemetry_otlp::WithExportConfig;
use opentelemetry_sdk::Resource;
use opentelemetry_sdk::propagation::TraceContextPropagator;
use opentelemetry_sdk::trace::SdkTracerProvider;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

use crate::config::{Config, LogFormat};

static EXPORTING: AtomicBool = AtomicBool::new(false);

/// Whether traces are exported (spans then carry the fields only traces need).
pub fn exporting() -> bool {
    EXPORTING.load(Ordering::Relaxed)
}

/// Keeps the trace exporter alive; dropping it sends the spans still buffered.
#[must_use = "dropping the guard stops the trace export"]
pub struct Telemetry {
    provider: Option<SdkTracerProvider>,
}

impl Drop for Telemetry {
    fn drop(&mut self) {
        if let Some(provider) = self.provider.take()
            && let Err(err) = provider.shutdown()
        {
            eprintln!("trace export: {err}");
        }
    }
}

/// The OTLP/HTTP traces URL of a collector's base URL (`…/v1/traces`, as the OTLP spec
/// builds it from `OTEL_EXPORTER_OTLP_ENDPOINT`).
fn traces_url(base: &str) -> String {
    let base = base.trim().trim_end_matches('/');
    if base.ends_with("/v1/traces") {
        base.to_owned()
    } else {
        format!("{base}/v1/traces")
    }
}

/// The tracer provider for an endpoint, or why it cannot be built.
fn provider(endpoint: &str) -> Result<SdkTracerProvider, String> {
    let exporter = opentelemetry_otlp::SpanExporter::builder()
        .with_http()
        .with_endpoint(traces_url(endpoint))
        .build()
        .map_err(|err| err.to_string())?;
    let mut resource = Resource::builder();
    if std::env::var_os("OTEL_SERVICE_NAME").is_none() {
        resource = resource.with_service_name(env!("CARGO_PKG_NAME"));
    }
    Ok(SdkTracerProvider::builder()
        .with_batch_exporter(exporter)
        .with_resource(resource.build())
        .build())
}

/// Installs the log subscriber and, when an endpoint is set, the trace export.
pub fn init(config: &Config) -> Telemetry {
    let filter = EnvFilter::try_new(&config.log_filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let endpoint = config
        .otlp_endpoint
        .as_deref()
        .filter(|e| !e.trim().is_empty());
    let (provider, failure) = match endpoint.map(provider) {
        Some(Ok(provider)) => (Some(provider), None),
        Some(Err(err)) => (None, Some(err)),
        None => (None, None),
    };
    let traces = provider.as_ref().map(|provider| {
        opentelemetry::global::set_text_map_propagator(TraceContextPropagator::new());
        EXPORTING.store(true, Ordering::Relaxed);
        tracing_opentelemetry::layer().with_tracer(provider.tracer(env!("CARGO_PKG_NAME")))
    });
    let registry = tracing_subscriber::registry().with(filter).with(traces);
    let logs = tracing_subscriber::fmt::layer().with_writer(std::io::stderr);
    match config.log_format {
        LogFormat::Json => registry.with(logs.json()).init(),
        LogFormat::Text => registry.with(logs).init(),
    }
    if let Some(err) = failure {
        tracing::error!("traces are not exported: {err}");
    } else if let Some(endpoint) = endpoint {
        tracing::info!("exporting traces to {}", traces_url(endpoint));
    }
    Telemetry { provider }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_traces_path_is_added_once() {
        assert_eq!(
            traces_url("http://collector:4318"),
            "http://collector:4318/v1/traces"
        );
        assert_eq!(
            traces_url("http://collector:4318/"),
            "http://collector:4318/v1/traces"
        );
        assert_eq!(
            traces_url("http://collector:4318/v1/traces"),
            "http://collector:4318/v1/traces"
        );
    }
}
