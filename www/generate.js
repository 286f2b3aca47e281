// The "Generate" tab: a CA and server certificates for argocd-server, argocd-repo-server and
// argocd-dex-server, made by the package's generateCertificates (keys and signatures from the
// browser's WebCrypto, which works off the page's thread, so RSA key generation never blocks the
// page; the engine writes and checks the certificates). The result goes into the plan the way
// dropped PEM files do (state.secrets), plus the argocd-cmd-params-cm keys that make the clients
// verify with the CA, and is downloadable as kubectl-ready Secrets.
//
// Private keys: they are in the plan (like a dropped tls.key) and in the downloaded Secret YAML,
// and nowhere else: not in the share link (encodeShare keeps only *.crt values), not in the
// exports, not in any message this module shows or logs (it logs nothing).
import { generateCertificates, inspectCertificate, version, serviceNames as engineServiceNames, externalHost as engineExternalHost, verifyWithCaChanges } from '../pkg/web.js';

/** The endpoints this tab covers: the component, the Secret it reads, whether it has ca.crt. */
export const SERVICES = [
  { component: 'argocd-server', secret: 'argocd-server-tls', label: 'argocd-server (API and UI, 8080)' },
  { component: 'argocd-repo-server', secret: 'argocd-repo-server-tls', label: 'argocd-repo-server (gRPC, 8081)' },
  { component: 'argocd-dex-server', secret: 'argocd-dex-server-tls', label: 'argocd-dex-server (HTTPS, 5556)' },
];

export const KEY_LABELS = { rsa2048: 'RSA-2048', ecdsaP256: 'ECDSA P-256', ecdsaP384: 'ECDSA P-384', ecdsaP521: 'ECDSA P-521', ed25519: 'Ed25519' };
const PART_OF = { 'app.kubernetes.io/part-of': 'argocd' };

/** The names a component's Service is reached by inside the cluster (the engine's rule). */
export function serviceNames(component, namespace) {
  return engineServiceNames(component, namespace);
}

const isIp = (h) => /^\d{1,3}(\.\d{1,3}){3}$/.test(h) || h.includes(':');

/** The hosts the plan's clients dial for a component (e.g. a `repo.server` set to an FQDN). */
function dialledHosts(report, component) {
  return report.connections.filter((c) => c.server === component && c.serverName).map((c) => c.serverName);
}

/** The endpoints the current plan serves TLS on (the default selection). */
export function neededServices(report) {
  const need = new Set();
  for (const c of report.components) {
    if (c.present && c.endpoints.some((e) => e.tls)) need.add(c.name);
  }
  return SERVICES.filter((s) => need.has(s.component)).map((s) => s.component);
}

/** SANs per selected service: the Service names for the namespace, every host a client dials, extras. */
export function sansFor(report, component, extra = []) {
  const names = new Set(serviceNames(component, report.namespace));
  for (const h of [...dialledHosts(report, component), ...extra]) if (h) names.add(h);
  const all = [...names];
  return { dnsNames: all.filter((h) => !isIp(h)), ipAddresses: all.filter(isIp) };
}

/** The host of argocd-cm `url` (what browsers and the CLI dial for argocd-server), if any. */
export function externalHost(effective) {
  return engineExternalHost(effective) ?? '';
}

/** Only the CERTIFICATE blocks of a PEM text (a pasted CA file may hold its key too). */
export function certificateBlocks(pem) {
  return (pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? []).map((b) => `${b}\n`).join('');
}

/** An error text safe to show: no PEM block and no long base64 run survives. */
export function safeMessage(err) {
  const text = String(err?.message ?? err ?? 'unknown error');
  return text.replace(/-----BEGIN [^-]*-----[\s\S]*?(-----END [^-]*-----|$)/g, '[PEM removed]').replace(/[A-Za-z0-9+/=]{40,}/g, '[…]');
}

/**
 * The argocd-cmd-params-cm changes that make the clients verify the new certificates, and what
 * cannot be done with keys: the engine's rule (`verifyWithCaChanges`: per version, the CA path
 * at each client's mount of ca.crt from 3.5, the strict flags before, Dex strict TLS), for the
 * plan as resolved. `{ changes: [{ configMap, key, value, component, why }], notes: [string] }`;
 * value '' removes.
 */
export function trustChanges({ effective, report, now, components }) {
  return verifyWithCaChanges(effective, { now, argocdVersion: report.argocdVersion, namespace: report.namespace }, components);
}

/** The request for generateCertificates. `now` in seconds. */
export function buildRequest({ report, components, keyAlgorithm, days, caDays, caName, issuer, serverExtra, notBefore }) {
  const leaves = components.map((component) => {
    const { dnsNames, ipAddresses } = sansFor(report, component, component === 'argocd-server' ? serverExtra : []);
    return { commonName: component, dnsNames, ipAddresses, extKeyUsages: ['serverAuth'], keyAlgorithm, notBefore, notAfter: notBefore + days * 86400 };
  });
  const request = { leaves };
  if (issuer) request.issuer = issuer;
  else request.ca = { commonName: caName, organization: 'Argo CD', isCa: true, keyAlgorithm, notBefore, notAfter: notBefore + caDays * 86400 };
  return request;
}

const block = (pem) => pem.trimEnd().split('\n').map((l) => `    ${l}`).join('\n');

/** kubectl-ready Secrets (stringData, PEM as block scalars). */
export function secretsYaml({ secrets, namespace, argocdVersion, changes }) {
  const lines = [
    `# Argo CD TLS Secrets made by argocd-tls-planner ${version()} for Argo CD ${argocdVersion} in namespace ${namespace}.`,
    '# This file holds PRIVATE KEYS: keep it out of Git and chat. Apply with:',
    `#   kubectl apply -n ${namespace} -f argocd-tls-secrets.yaml`,
    '# A Secret that exists with another type (e.g. Opaque) must be deleted first: the type cannot change.',
    '# The label app.kubernetes.io/part-of: argocd lets argocd-server hot-reload argocd-server-tls (since 3.5 only',
    '# labelled Secrets trigger a reload). argocd-repo-server and argocd-dex-server read their certificate once: restart',
    '# them, and restart argocd-server after a Dex rotation (strict Dex verification pins the certificate at startup).',
  ];
  if (changes.length) {
    lines.push('# The clients verify with the CA once argocd-cmd-params-cm has (then restart them):');
    for (const c of changes) lines.push(`#   ${c.key}: ${c.value === '' ? '(removed)' : JSON.stringify(c.value)}`);
  }
  for (const s of secrets) {
    lines.push('---', 'apiVersion: v1', 'kind: Secret', 'metadata:', `  name: ${s.name}`, `  namespace: ${namespace}`, '  labels:');
    for (const [k, v] of Object.entries(PART_OF)) lines.push(`    ${k}: ${v}`);
    lines.push('type: kubernetes.io/tls', 'stringData:');
    for (const [k, v] of Object.entries(s.data)) lines.push(`  ${k}: |`, block(v));
  }
  return `${lines.join('\n')}\n`;
}

/** `kubectl patch` for the key changes (null deletes a key in a merge patch). */
export function patchCommand(changes, namespace) {
  const data = Object.fromEntries(changes.map((c) => [c.key, c.value === '' ? null : c.value]));
  return `kubectl -n ${namespace} patch configmap argocd-cmd-params-cm --type merge -p '${JSON.stringify({ data })}'`;
}

/**
 * Wires the tab. `ctx`: { $, el, download, getReport(), getEffective(),
 * nowDate(), apply({ secrets, meta, params }) }.
 */
export function setupGenerate(ctx) {
  const { $, el } = ctx;
  let controller = null;
  let tick = null;
  let files = null; // { yaml, caPem } of the last generation (kept out of the state and the share link)
  let touchedServices = false;
  let touchedExtra = false; // the extra names follow the plan's argocd-cm url until the user edits them

  const issuerMode = () => ($('gen-issuer-existing').checked ? 'existing' : 'new');
  const syncIssuer = () => {
    const existing = issuerMode() === 'existing';
    $('gen-existing-ca').hidden = !existing;
    $('gen-new-ca').hidden = existing;
    $('gen-ca-days-label').hidden = existing;
    $('gen-ca-days').disabled = existing;
  };
  $('gen-issuer-new').addEventListener('change', syncIssuer);
  $('gen-issuer-existing').addEventListener('change', syncIssuer);
  syncIssuer();

  /** Re-renders the endpoint checkboxes for the current plan (keeps the user's choice once touched). */
  function refresh() {
    const report = ctx.getReport();
    if (!report) return;
    const needed = new Set(neededServices(report));
    const box = $('gen-services');
    const focused = box.contains(document.activeElement) ? document.activeElement.id : null;
    const checked = touchedServices ? new Set([...box.querySelectorAll('input[type=checkbox]:checked')].map((i) => i.value)) : needed;
    const items = [];
    for (const s of SERVICES) {
      const id = `gen-svc-${s.component}`;
      const input = el('input', { type: 'checkbox', id, value: s.component, 'aria-describedby': `${id}-sans` });
      input.checked = checked.has(s.component);
      input.addEventListener('change', () => { touchedServices = true; });
      const { dnsNames, ipAddresses } = sansFor(report, s.component);
      const note = needed.has(s.component) ? '' : ' (not serving TLS in this plan)';
      items.push(el('div', { class: 'gen-service' },
        el('label', { class: 'radio', for: id }, input, ` ${s.label} → Secret `, el('code', { text: s.secret }), note),
        el('span', { class: 'small', id: `${id}-sans`, text: `SANs: ${[...dnsNames, ...ipAddresses].join(', ')}` })));
    }
    const host = externalHost(ctx.getEffective());
    const extra = el('input', { id: 'gen-server-extra', spellcheck: 'false', autocomplete: 'off', 'aria-describedby': 'gen-server-extra-hint' });
    // The plan's names, never a previous plan's (the example's argocd.example.com stayed here
    // after the plan's url changed): only what the user typed survives a refresh.
    extra.value = touchedExtra ? $('gen-server-extra')?.value ?? '' : host;
    extra.addEventListener('input', () => { touchedExtra = true; });
    items.push(el('label', { for: 'gen-server-extra', text: 'Extra argocd-server names (comma-separated)' }), extra,
      el('p', { class: 'hint', id: 'gen-server-extra-hint', text: `What browsers and the CLI dial (argocd-cm url${host ? `: ${host}` : ' is not set'}) or an ingress host.` }));
    box.replaceChildren(...items);
    for (const n of box.querySelectorAll('input')) n.disabled = controller !== null;
    if (focused) $(focused)?.focus();
    if (!$('gen-ca-name').value) $('gen-ca-name').value = `Argo CD CA (${report.namespace})`;
  }

  function showError(message) {
    const box = $('gen-error');
    if (!message) {
      box.hidden = true;
      return;
    }
    box.replaceChildren(el('strong', { text: 'Cannot generate: ' }), el('span', { text: message }));
    box.hidden = false;
  }

  function running(on) {
    $('gen-start').disabled = on || !webCrypto;
    $('gen-cancel').hidden = !on;
    for (const n of $('gen-form').querySelectorAll('input, select, textarea')) n.disabled = on || (n.id === 'gen-ca-days' && issuerMode() === 'existing');
    if (!on) clearInterval(tick);
  }

  async function start(e) {
    e.preventDefault();
    showError(null);
    const report = ctx.getReport();
    const effective = ctx.getEffective();
    const components = [...$('gen-services').querySelectorAll('input[type=checkbox]:checked')].map((i) => i.value);
    if (!components.length) return showError('choose at least one endpoint.');
    const days = Number($('gen-days').value);
    const caDays = Number($('gen-ca-days').value);
    if (!(days >= 1 && days <= 36500) || (issuerMode() === 'new' && !(caDays >= 1 && caDays <= 36500))) return showError('validity must be between 1 and 36500 days.');
    let issuer = null;
    let caPem;
    if (issuerMode() === 'existing') {
      caPem = certificateBlocks($('gen-ca-cert').value);
      if (!caPem) return showError('the CA certificate field holds no CERTIFICATE block.');
      try {
        const [ca] = inspectCertificate(caPem);
        if (!ca.isCa) return showError(`${ca.subject || 'this certificate'} is not a CA (basicConstraints cA is not set): Go does not chain through it.`);
      } catch (err) {
        return showError(safeMessage(err));
      }
      issuer = { certPem: caPem, keyPem: $('gen-ca-key').value };
    }
    const keyAlgorithm = $('gen-algorithm').value;
    const serverExtra = ($('gen-server-extra')?.value ?? '').split(',').map((h) => h.trim()).filter(Boolean);
    // Valid from a little before the earlier of "now" and the plan's instant, so that both see it valid.
    const planNow = Math.floor(ctx.nowDate().getTime() / 1000);
    const notBefore = Math.min(Math.floor(Date.now() / 1000), planNow) - 300;
    const request = buildRequest({ report, components, keyAlgorithm, days, caDays, caName: $('gen-ca-name').value.trim() || 'Argo CD CA', issuer, serverExtra, notBefore });

    controller = new AbortController();
    const started = performance.now();
    $('gen-run').hidden = false;
    $('gen-result').hidden = true;
    $('gen-progress').max = components.length + (issuer ? 0 : 1);
    $('gen-progress').value = 0;
    $('gen-status').textContent = 'Loading the generator…';
    const elapsed = () => { $('gen-elapsed').textContent = `${((performance.now() - started) / 1000).toFixed(1)} s`; };
    elapsed();
    tick = setInterval(elapsed, 100);
    running(true);
    let result;
    try {
      result = await generateCertificates(request, {
        signal: controller.signal,
        onProgress: ({ done, total, current }) => {
          $('gen-progress').max = total;
          $('gen-progress').value = done;
          $('gen-status').textContent = current
            ? `${done + 1} of ${total}: ${KEY_LABELS[current.keyAlgorithm] ?? current.keyAlgorithm} key for ${current.role === 'ca' ? 'the CA' : current.name}…`
            : `${done} of ${total}: done`;
        },
      });
    } catch (err) {
      running(false);
      elapsed();
      if (controller.signal.aborted) {
        $('gen-status').textContent = 'Cancelled: nothing was added to the plan.';
      } else {
        $('gen-status').textContent = 'Failed.';
        showError(safeMessage(err));
      }
      controller = null;
      return;
    }
    controller = null;
    running(false);
    elapsed();
    caPem = result.ca ? result.ca.certPem : caPem;
    const secrets = components.map((component, i) => {
      const leaf = result.leaves[i];
      return { name: SERVICES.find((s) => s.component === component).secret, component, data: { 'tls.crt': leaf.chainPem, 'tls.key': leaf.keyPem, 'ca.crt': caPem } };
    });
    const trust = $('gen-trust').checked ? trustChanges({ effective, report, now: ctx.nowDate(), components }) : { changes: [], notes: [] };
    files = { yaml: secretsYaml({ secrets, namespace: report.namespace, argocdVersion: report.argocdVersion, changes: trust.changes }), caPem };
    ctx.apply({
      secrets: Object.fromEntries(secrets.map((s) => [s.name, s.data])),
      meta: Object.fromEntries(secrets.map((s) => [s.name, { type: 'kubernetes.io/tls', labels: PART_OF }])),
      params: Object.fromEntries(trust.changes.map((c) => [c.key, c.value])),
    });
    renderResult({ secrets, trust, namespace: report.namespace, keyAlgorithm, fromExisting: !!issuer });
  }

  function renderResult({ secrets, trust, namespace, keyAlgorithm, fromExisting }) {
    const items = secrets.map((s) => {
      let summary;
      try {
        [summary] = inspectCertificate(s.data['tls.crt']);
      } catch {
        summary = null;
      }
      return el('li', {},
        el('code', { text: s.name }),
        el('span', { class: 'small', text: summary ? ` valid until ${summary.notAfter}` : '' }),
        el('div', { class: 'small', text: summary ? `SANs: ${[...summary.dnsNames, ...summary.ipAddresses].join(', ')}` : '' }));
    });
    const list = el('ul', { class: 'gen-secrets', id: 'gen-secrets', 'aria-label': 'Generated Secrets' }, ...items);
    const yamlButton = el('button', { type: 'button', id: 'gen-download-yaml', text: 'Secrets YAML' });
    yamlButton.addEventListener('click', () => ctx.download('argocd-tls-secrets.yaml', 'application/yaml', files.yaml));
    const caButton = el('button', { type: 'button', id: 'gen-download-ca', text: 'CA certificate' });
    caButton.addEventListener('click', () => ctx.download('argocd-ca.crt', 'application/x-pem-file', files.caPem));
    const parts = [
      el('p', {}, el('strong', { text: `${secrets.length} ${KEY_LABELS[keyAlgorithm]} certificate${secrets.length === 1 ? '' : 's'}` }),
        el('span', { text: ` signed by ${fromExisting ? 'your CA' : 'a new CA'}, now in the plan (Manifests tab lists their keys). The report on the right uses them.` })),
      list,
      el('div', { class: 'actions' }, yamlButton, caButton),
      el('p', { class: 'hint', text: 'The YAML holds the private keys: it is the only place they leave this page.' }),
    ];
    if (trust.changes.length) {
      parts.push(el('h4', { text: 'argocd-cmd-params-cm (applied to the plan)' }),
        el('ul', { class: 'gen-changes' }, ...trust.changes.map((c) => el('li', {}, el('code', { text: `${c.key}: ${c.value === '' ? '(removed)' : JSON.stringify(c.value)}` }), el('span', { class: 'small', text: ` — ${c.why}` })))),
        el('pre', { class: 'pre small gen-patch', text: patchCommand(trust.changes, namespace) }),
        el('p', { class: 'hint', text: 'The components read these keys as environment variables at start: restart them after the patch.' }));
    }
    const notes = [...trust.notes];
    try {
      const ca = inspectCertificate(secrets[0].data['ca.crt'])[0];
      const leaf = inspectCertificate(secrets[0].data['tls.crt'])[0];
      if (Date.parse(leaf.notAfter) > Date.parse(ca.notAfter)) notes.push(`The certificates outlive the CA (valid until ${ca.notAfter}): renew them before then, since nothing chains to an expired CA.`);
    } catch {
      // Both were made or checked a moment ago; a summary that cannot be read only loses this note.
    }
    for (const n of notes) parts.push(el('p', { class: 'hint warn-text', text: n }));
    $('gen-result').replaceChildren(...parts);
    $('gen-result').hidden = false;
  }

  // Keys and signatures are the browser's WebCrypto, which exists only on secure pages.
  const webCrypto = Boolean(globalThis.crypto?.subtle);
  if (!webCrypto) {
    $('gen-start').disabled = true;
    showError('this page is not a secure context, so the browser offers no WebCrypto to make keys with. Open the planner over https: or from localhost.');
  }
  $('gen-form').addEventListener('submit', start);
  $('gen-cancel').addEventListener('click', () => controller?.abort());
  return { refresh };
}
