//! The way in: the objects in front of argocd-server — `Ingress`, Gateway API `Gateway` with its
//! `HTTPRoute` / `GRPCRoute` / `TLSRoute` and `BackendTLSPolicy`, OpenShift `Route`, and an
//! argocd-server `Service` of type `LoadBalancer` or `NodePort`, Traefik's `IngressRoute`,
//! `IngressRouteTCP` and `ServersTransport` — as the manifests write them.
//!
//! Like the rest of the model this is a faithful picture of the YAML: which controller serves an
//! object, what an annotation means and what the proxy does with it are `resolve`'s business
//! (`resolve/edge`). Only objects that route to argocd-server are kept (the manifest reader
//! decides that by the backend's Service name, the way it names workloads).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Position;

/// Everything in front of argocd-server that the input describes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Edge {
    /// `networking.k8s.io/v1` Ingresses with a backend on argocd-server.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ingresses: Vec<Ingress>,
    /// Gateway API `Gateway`s (every one: a route names its parent by name).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gateways: Vec<Gateway>,
    /// Gateway API routes with a backendRef on argocd-server.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub routes: Vec<GatewayRoute>,
    /// Gateway API `BackendTLSPolicy`s targeting argocd-server.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub backend_tls_policies: Vec<BackendTlsPolicy>,
    /// OpenShift `Route`s (`route.openshift.io/v1`) to argocd-server.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub openshift_routes: Vec<OpenShiftRoute>,
    /// argocd-server Services of type `LoadBalancer` or `NodePort` (reachable from outside).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<ExposedService>,
    /// Traefik `IngressRoute`s and `IngressRouteTCP`s (`traefik.io/v1alpha1`, or the older
    /// `traefik.containo.us/v1alpha1`) with a service on argocd-server.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub traefik_routes: Vec<TraefikRoute>,
    /// Traefik `ServersTransport`s (every one: a route's service names it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub servers_transports: Vec<ServersTransport>,
    /// Which controller serves an `ingressClassName` (or legacy `kubernetes.io/ingress.class`),
    /// as the user states it when the manifests do not say: class → `ingress-nginx`,
    /// `aws-load-balancer-controller`, `gce`, `traefik`, … .
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub ingress_controllers: BTreeMap<String, String>,
}

impl Edge {
    /// Whether the input describes no way in at all.
    pub fn is_empty(&self) -> bool {
        self.ingresses.is_empty()
            && self.gateways.is_empty()
            && self.routes.is_empty()
            && self.backend_tls_policies.is_empty()
            && self.openshift_routes.is_empty()
            && self.services.is_empty()
            && self.traefik_routes.is_empty()
            && self.ingress_controllers.is_empty()
    }
}

/// A backend: a Service and its port (a number or a port name).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Backend {
    /// The Service's name.
    pub service: String,
    /// `port.number` or `port.name` as written (`443`, `https`); `""` when absent.
    #[serde(default)]
    pub port: String,
}

/// One `spec.tls` entry of an Ingress.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct IngressTls {
    /// `hosts`.
    #[serde(default)]
    pub hosts: Vec<String>,
    /// `secretName` (`None`: the controller's default certificate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_name: Option<String>,
}

/// An Ingress that routes to argocd-server.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Ingress {
    /// `metadata.name`.
    pub name: String,
    /// `spec.ingressClassName`, else the legacy `kubernetes.io/ingress.class` annotation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class_name: Option<String>,
    /// `metadata.annotations`.
    #[serde(default)]
    pub annotations: BTreeMap<String, String>,
    /// The hosts of the rules whose backend is argocd-server (`""` for a rule without host).
    #[serde(default)]
    pub hosts: Vec<String>,
    /// The argocd-server backends (rules' paths and `defaultBackend`).
    #[serde(default)]
    pub backends: Vec<Backend>,
    /// The `path`s of the rules' argocd-server backends (`/` for `defaultBackend` or a path
    /// without one), in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<String>,
    /// `spec.tls`.
    #[serde(default)]
    pub tls: Vec<IngressTls>,
    /// Where it was defined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
}

/// One listener of a Gateway.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Listener {
    /// `name` (a route's `parentRefs[].sectionName` picks it).
    pub name: String,
    /// `hostname`, if set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    /// `port`.
    #[serde(default)]
    pub port: u16,
    /// `protocol`: `HTTP`, `HTTPS`, `TLS`, `TCP`, …
    pub protocol: String,
    /// `tls.mode`: `Terminate` (the default with a `tls` block) or `Passthrough`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls_mode: Option<String>,
    /// `tls.certificateRefs[].name` (Secrets).
    #[serde(default)]
    pub certificate_refs: Vec<String>,
}

/// A Gateway API `Gateway`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Gateway {
    /// `metadata.name`.
    pub name: String,
    /// `spec.gatewayClassName`.
    #[serde(default)]
    pub class_name: String,
    /// `spec.listeners`.
    #[serde(default)]
    pub listeners: Vec<Listener>,
    /// Where it was defined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
}

/// A route's `parentRefs` entry.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ParentRef {
    /// The Gateway's name.
    pub name: String,
    /// `sectionName`: one listener, or every listener when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section_name: Option<String>,
}

/// A Gateway API route (`HTTPRoute`, `GRPCRoute` or `TLSRoute`) with an argocd-server backend.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct GatewayRoute {
    /// `HTTPRoute`, `GRPCRoute` or `TLSRoute`.
    pub kind: String,
    /// `metadata.name`.
    pub name: String,
    /// `spec.hostnames`.
    #[serde(default)]
    pub hostnames: Vec<String>,
    /// `spec.parentRefs`.
    #[serde(default)]
    pub parent_refs: Vec<ParentRef>,
    /// The argocd-server `backendRefs`.
    #[serde(default)]
    pub backends: Vec<Backend>,
    /// Where it was defined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
}

/// A `BackendTLSPolicy`: the Gateway speaks TLS to the target Service and verifies it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct BackendTlsPolicy {
    /// `metadata.name`.
    pub name: String,
    /// `spec.targetRefs[].name` (Services).
    #[serde(default)]
    pub target_services: Vec<String>,
    /// `spec.validation.hostname`: the name the Gateway checks the certificate for (and sends
    /// as SNI).
    #[serde(default)]
    pub hostname: String,
    /// `spec.validation.caCertificateRefs[].name` (ConfigMaps with `ca.crt`).
    #[serde(default)]
    pub ca_certificate_refs: Vec<String>,
    /// `spec.validation.wellKnownCACertificates` (`System`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub well_known_ca_certificates: Option<String>,
    /// Where it was defined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
}

/// An OpenShift `Route` to argocd-server.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct OpenShiftRoute {
    /// `metadata.name`.
    pub name: String,
    /// `spec.host`.
    #[serde(default)]
    pub host: String,
    /// `spec.to.name` and `spec.port.targetPort`.
    pub backend: Backend,
    /// `spec.tls.termination`: `edge`, `passthrough`, `reencrypt`; `None` without `tls` (plain
    /// HTTP).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub termination: Option<String>,
    /// `spec.tls.insecureEdgeTerminationPolicy`: `None`, `Allow`, `Redirect`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insecure_edge_termination_policy: Option<String>,
    /// Whether `spec.tls.certificate` is set (else the router's default certificate).
    #[serde(default)]
    pub has_certificate: bool,
    /// `spec.tls.destinationCACertificate` (PEM), for `reencrypt`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_ca_certificate: Option<String>,
    /// Where it was defined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
}

/// An argocd-server Service that is reachable from outside the cluster.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ExposedService {
    /// `metadata.name`.
    pub name: String,
    /// `spec.type`: `LoadBalancer` or `NodePort`.
    pub service_type: String,
    /// `metadata.annotations` (cloud load balancers read theirs here).
    #[serde(default)]
    pub annotations: BTreeMap<String, String>,
    /// `spec.ports[].port`.
    #[serde(default)]
    pub ports: Vec<u16>,
    /// Where it was defined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
}

/// One `routes[].services[]` entry of a Traefik route that names argocd-server.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct TraefikService {
    /// The Service and its port (`port`: a number or the Service port's name).
    pub backend: Backend,
    /// `scheme`: `http`, `https` or `h2c`; `None` when not written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
    /// `serversTransport`: a `ServersTransport`'s name (`None`: Traefik's default transport).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub servers_transport: Option<String>,
    /// The route matches only gRPC (`` Header(`Content-Type`, `application/grpc`) ``, or v2's
    /// `Headers`): the way Argo CD's Traefik docs send the CLI's gRPC to an `h2c` service.
    #[serde(default)]
    pub grpc: bool,
}

/// A Traefik `IngressRoute` (HTTP) or `IngressRouteTCP` with a service on argocd-server.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct TraefikRoute {
    /// `IngressRoute` or `IngressRouteTCP`.
    pub kind: String,
    /// `metadata.name`.
    pub name: String,
    /// The hosts of the matching rules' `` Host(`…`) `` (or `` HostSNI(`…`) ``) expressions.
    #[serde(default)]
    pub hosts: Vec<String>,
    /// `spec.entryPoints`.
    #[serde(default)]
    pub entry_points: Vec<String>,
    /// The argocd-server services of the routes.
    #[serde(default)]
    pub services: Vec<TraefikService>,
    /// Whether `spec.tls` is present (TLS at Traefik, or passthrough).
    #[serde(default)]
    pub tls: bool,
    /// `spec.tls.secretName` (`None`: Traefik's default certificate or a resolver's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls_secret_name: Option<String>,
    /// `spec.tls.passthrough` (`IngressRouteTCP` only).
    #[serde(default)]
    pub passthrough: bool,
    /// Where it was defined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
}

/// A Traefik `ServersTransport`: how Traefik speaks TLS to the servers of a service.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ServersTransport {
    /// `metadata.name`.
    pub name: String,
    /// `spec.serverName`: the SNI sent and the name checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_name: Option<String>,
    /// `spec.insecureSkipVerify`.
    #[serde(default)]
    pub insecure_skip_verify: bool,
    /// The Secrets of `spec.rootCAsSecrets` and `spec.rootCAs[].secret` (Traefik reads their
    /// `tls.ca`, else `ca.crt`).
    #[serde(default)]
    pub root_ca_secrets: Vec<String>,
    /// The ConfigMaps of `spec.rootCAs[].configMap` (`tls.ca`, else `ca.crt`).
    #[serde(default)]
    pub root_ca_config_maps: Vec<String>,
    /// Where it was defined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
}
