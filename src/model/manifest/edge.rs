//! The way-in kinds: `Ingress`, `Gateway`, `HTTPRoute`, `GRPCRoute`, `TLSRoute`,
//! `BackendTLSPolicy`, OpenShift `Route`, `Service`, and Traefik's `IngressRoute`,
//! `IngressRouteTCP` and `ServersTransport` (either API group), read into [`Edge`]. An object is kept when
//! it routes to argocd-server (a backend Service whose name is argocd-server's, with a kustomize
//! or helm prefix allowed as for workloads), except Gateways, which routes name as parents.

use crate::model::Component;
use crate::model::Position;
use crate::model::edge::{
    Backend, BackendTlsPolicy, Edge, ExposedService, GatewayRoute, Ingress, IngressTls, Listener,
    OpenShiftRoute, ParentRef, ServersTransport, TraefikRoute, TraefikService,
};

use super::tree::Node;
use super::{lookup_name, name_of, scalar_string, string_map};

/// The kinds read here.
pub(super) const KINDS: [&str; 12] = [
    "Ingress",
    "IngressClass",
    "Gateway",
    "HTTPRoute",
    "GRPCRoute",
    "TLSRoute",
    "BackendTLSPolicy",
    "Route",
    "Service",
    "IngressRoute",
    "IngressRouteTCP",
    "ServersTransport",
];

/// The hosts of a Traefik rule: the backquoted arguments of its `Host(…)` and `HostSNI(…)`
/// matchers (`` Host(`a`) && PathPrefix(`/`) `` → `a`; `*` for any SNI is kept as written).
fn rule_hosts(rule: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in rule.match_indices("Host") {
        let rest = &rule[i + 4..];
        let rest = rest.strip_prefix("SNI").unwrap_or(rest);
        let Some(args) = rest.strip_prefix('(') else {
            continue;
        };
        let args = &args[..args.find(')').unwrap_or(args.len())];
        out.extend(
            args.split('`')
                .skip(1)
                .step_by(2)
                .filter(|h| !h.is_empty())
                .map(str::to_owned),
        );
    }
    out
}

/// Whether a Service name is argocd-server's (not its metrics Service).
pub(crate) fn is_server_service(name: &str) -> bool {
    !name.ends_with("-metrics") && matches!(lookup_name(name), Some((Some(Component::Server), _)))
}

fn items<'n, 'a>(node: Option<&'n Node<'a>>, key: &str) -> &'n [Node<'a>] {
    node.and_then(|n| n.get(key))
        .map(Node::items)
        .unwrap_or_default()
}

fn text(node: Option<&Node<'_>>, key: &str) -> Option<String> {
    scalar_string(node.and_then(|n| n.get(key))).filter(|s| !s.is_empty())
}

/// `{name, port}` of a Gateway API backendRef, or `{service: {name, port: {number|name}}}` of an
/// Ingress backend.
fn ingress_backend(backend: &Node<'_>) -> Option<Backend> {
    let service = backend.get("service")?;
    let port = service.get("port");
    Some(Backend {
        service: text(Some(service), "name")?,
        port: text(port, "number")
            .or_else(|| text(port, "name"))
            .unwrap_or_default(),
    })
}

fn backend_ref(node: &Node<'_>) -> Option<Backend> {
    let kind = text(Some(node), "kind").unwrap_or_else(|| "Service".to_owned());
    (kind == "Service").then_some(())?;
    Some(Backend {
        service: text(Some(node), "name")?,
        port: text(Some(node), "port").unwrap_or_default(),
    })
}

fn strings(node: Option<&Node<'_>>, key: &str) -> Vec<String> {
    items(node, key)
        .iter()
        .filter_map(|n| n.scalar().map(str::to_owned))
        .collect()
}

/// Reads one object of a kind in [`KINDS`] into `edge`.
pub(super) fn read(edge: &mut Edge, kind: &str, node: &Node<'_>, position: Position) {
    let name = name_of(node);
    let spec = node.get("spec");
    let annotations = string_map(node.get("metadata").and_then(|m| m.get("annotations")));
    match kind {
        "Ingress" => {
            let mut hosts = Vec::new();
            let mut backends = Vec::new();
            let mut paths = Vec::new();
            if let Some(b) = spec
                .and_then(|s| s.get("defaultBackend"))
                .and_then(ingress_backend)
                .filter(|b| is_server_service(&b.service))
            {
                backends.push(b);
                hosts.push(String::new());
                paths.push("/".to_owned());
            }
            for rule in items(spec, "rules") {
                let http = rule.get("http");
                let mine: Vec<(Backend, String)> = items(http, "paths")
                    .iter()
                    .filter_map(|p| {
                        let b = p.get("backend").and_then(ingress_backend)?;
                        let path = text(Some(p), "path").unwrap_or_else(|| "/".to_owned());
                        Some((b, path))
                    })
                    .filter(|(b, _)| is_server_service(&b.service))
                    .collect();
                if !mine.is_empty() {
                    let host = text(Some(rule), "host").unwrap_or_default();
                    if !hosts.contains(&host) {
                        hosts.push(host);
                    }
                    for (b, path) in mine {
                        backends.push(b);
                        if !paths.contains(&path) {
                            paths.push(path);
                        }
                    }
                }
            }
            if backends.is_empty() {
                return;
            }
            let tls = items(spec, "tls")
                .iter()
                .map(|t| IngressTls {
                    hosts: strings(Some(t), "hosts"),
                    secret_name: text(Some(t), "secretName"),
                })
                .collect();
            let class_name = text(spec, "ingressClassName")
                .or_else(|| annotations.get("kubernetes.io/ingress.class").cloned());
            edge.ingresses.push(Ingress {
                name,
                class_name,
                annotations,
                hosts,
                backends,
                paths,
                tls,
                position: Some(position),
            });
        }
        "IngressClass" => {
            // `spec.controller` says which controller serves the class; the model keeps the
            // controller's short name (an unknown one as written).
            if let Some(controller) = text(spec, "controller") {
                let short = match controller.as_str() {
                    "k8s.io/ingress-nginx" => "ingress-nginx",
                    "ingress.k8s.aws/alb" => "aws-load-balancer-controller",
                    "traefik.io/ingress-controller" => "traefik",
                    other => other,
                };
                edge.ingress_controllers.insert(name, short.to_owned());
            }
        }
        "Gateway" => {
            let listeners = items(spec, "listeners")
                .iter()
                .map(|l| {
                    let tls = l.get("tls");
                    Listener {
                        name: text(Some(l), "name").unwrap_or_default(),
                        hostname: text(Some(l), "hostname"),
                        port: text(Some(l), "port")
                            .and_then(|p| p.parse().ok())
                            .unwrap_or_default(),
                        protocol: text(Some(l), "protocol").unwrap_or_default(),
                        tls_mode: tls.map(|t| {
                            text(Some(t), "mode").unwrap_or_else(|| "Terminate".to_owned())
                        }),
                        certificate_refs: items(tls, "certificateRefs")
                            .iter()
                            .filter_map(|r| text(Some(r), "name"))
                            .collect(),
                    }
                })
                .collect();
            edge.gateways.push(crate::model::edge::Gateway {
                name,
                class_name: text(spec, "gatewayClassName").unwrap_or_default(),
                listeners,
                position: Some(position),
            });
        }
        "HTTPRoute" | "GRPCRoute" | "TLSRoute" => {
            let backends: Vec<Backend> = items(spec, "rules")
                .iter()
                .flat_map(|r| items(Some(r), "backendRefs"))
                .filter_map(backend_ref)
                .filter(|b| is_server_service(&b.service))
                .collect();
            if backends.is_empty() {
                return;
            }
            edge.routes.push(GatewayRoute {
                kind: kind.to_owned(),
                name,
                hostnames: strings(spec, "hostnames"),
                parent_refs: items(spec, "parentRefs")
                    .iter()
                    .filter_map(|p| {
                        Some(ParentRef {
                            name: text(Some(p), "name")?,
                            section_name: text(Some(p), "sectionName"),
                        })
                    })
                    .collect(),
                backends,
                position: Some(position),
            });
        }
        "BackendTLSPolicy" => {
            // v1alpha3 and later: `targetRefs` + `validation`; v1alpha2: `targetRef` + `tls`.
            let mut targets: Vec<String> = items(spec, "targetRefs")
                .iter()
                .filter_map(|t| text(Some(t), "name"))
                .collect();
            targets.extend(text(spec.and_then(|s| s.get("targetRef")), "name"));
            if !targets.iter().any(|t| is_server_service(t)) {
                return;
            }
            let validation = spec.and_then(|s| s.get("validation").or_else(|| s.get("tls")));
            let mut cas: Vec<String> = items(validation, "caCertificateRefs")
                .iter()
                .filter_map(|r| text(Some(r), "name"))
                .collect();
            cas.extend(
                items(validation, "caCertRefs")
                    .iter()
                    .filter_map(|r| text(Some(r), "name")),
            );
            edge.backend_tls_policies.push(BackendTlsPolicy {
                name,
                target_services: targets,
                hostname: text(validation, "hostname").unwrap_or_default(),
                ca_certificate_refs: cas,
                well_known_ca_certificates: text(validation, "wellKnownCACertificates"),
                position: Some(position),
            });
        }
        "Route" => {
            let to = spec.and_then(|s| s.get("to"));
            let Some(service) = text(to, "name").filter(|s| is_server_service(s)) else {
                return;
            };
            let tls = spec.and_then(|s| s.get("tls"));
            edge.openshift_routes.push(OpenShiftRoute {
                name,
                host: text(spec, "host").unwrap_or_default(),
                backend: Backend {
                    service,
                    port: text(spec.and_then(|s| s.get("port")), "targetPort").unwrap_or_default(),
                },
                termination: text(tls, "termination").map(|t| t.to_ascii_lowercase()),
                insecure_edge_termination_policy: text(tls, "insecureEdgeTerminationPolicy"),
                has_certificate: text(tls, "certificate").is_some(),
                destination_ca_certificate: text(tls, "destinationCACertificate"),
                position: Some(position),
            });
        }
        "Service" => {
            let service_type = text(spec, "type").unwrap_or_default();
            if !matches!(service_type.as_str(), "LoadBalancer" | "NodePort")
                || !is_server_service(&name)
            {
                return;
            }
            edge.services.push(ExposedService {
                name,
                service_type,
                annotations,
                ports: items(spec, "ports")
                    .iter()
                    .filter_map(|p| text(Some(p), "port")?.parse().ok())
                    .collect(),
                position: Some(position),
            });
        }
        "IngressRoute" | "IngressRouteTCP" => {
            let mut hosts = Vec::new();
            let mut services = Vec::new();
            for route in items(spec, "routes") {
                let rule = text(Some(route), "match").unwrap_or_default();
                let grpc = rule.contains("`application/grpc`")
                    && rule.to_ascii_lowercase().contains("`content-type`");
                let mine: Vec<TraefikService> = items(Some(route), "services")
                    .iter()
                    .filter(|s| {
                        text(Some(s), "kind").is_none_or(|k| k == "Service")
                            && text(Some(s), "name").is_some_and(|n| is_server_service(&n))
                    })
                    .map(|s| TraefikService {
                        backend: Backend {
                            service: text(Some(s), "name").unwrap_or_default(),
                            port: text(Some(s), "port").unwrap_or_default(),
                        },
                        scheme: text(Some(s), "scheme"),
                        servers_transport: text(Some(s), "serversTransport"),
                        grpc,
                    })
                    .collect();
                if mine.is_empty() {
                    continue;
                }
                for host in rule_hosts(&rule) {
                    if !hosts.contains(&host) {
                        hosts.push(host);
                    }
                }
                services.extend(mine);
            }
            if services.is_empty() {
                return;
            }
            let tls = spec.and_then(|s| s.get("tls")).filter(|t| !t.is_null());
            edge.traefik_routes.push(TraefikRoute {
                kind: kind.to_owned(),
                name,
                hosts,
                entry_points: strings(spec, "entryPoints"),
                services,
                tls: tls.is_some(),
                tls_secret_name: text(tls, "secretName"),
                passthrough: text(tls, "passthrough").is_some_and(|p| p == "true"),
                position: Some(position),
            });
        }
        "ServersTransport" => {
            let mut secrets = strings(spec, "rootCAsSecrets");
            let mut config_maps = Vec::new();
            for ca in items(spec, "rootCAs") {
                secrets.extend(text(Some(ca), "secret"));
                config_maps.extend(text(Some(ca), "configMap"));
            }
            edge.servers_transports.push(ServersTransport {
                name,
                server_name: text(spec, "serverName"),
                insecure_skip_verify: text(spec, "insecureSkipVerify").is_some_and(|v| v == "true"),
                root_ca_secrets: secrets,
                root_ca_config_maps: config_maps,
                position: Some(position),
            });
        }
        _ => {}
    }
}
