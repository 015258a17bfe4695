//! Partner access: a client certificate and an extra CA, against a local TLS server that demands
//! a client certificate, for the API and the token endpoint alike.

use std::net::SocketAddr;

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair,
    KeyUsagePurpose,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use super::*;

/// A CA, a server certificate for 127.0.0.1 and a client certificate, all signed by the CA.
struct Pki {
    ca_pem: String,
    ca_der: CertificateDer<'static>,
    server_cert: CertificateDer<'static>,
    server_key: Vec<u8>,
    client_cert_pem: String,
    client_key_pem: String,
}

fn pki() -> Pki {
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("CA parameters");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params.distinguished_name.push(DnType::CommonName, "test partner CA");
    ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::DigitalSignature];
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().expect("a CA key")).expect("the CA");

    let server_key = KeyPair::generate().expect("a server key");
    let mut server_params = CertificateParams::new(vec!["127.0.0.1".to_owned()]).expect("server parameters");
    server_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let server = server_params.signed_by(&server_key, &ca).expect("the server certificate");

    let client_key = KeyPair::generate().expect("a client key");
    let mut client_params = CertificateParams::new(Vec::<String>::new()).expect("client parameters");
    client_params.distinguished_name.push(DnType::CommonName, "partner app");
    client_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
    let client = client_params.signed_by(&client_key, &ca).expect("the client certificate");

    Pki {
        ca_pem: ca.pem(),
        ca_der: ca.der().clone(),
        server_cert: server.der().clone(),
        server_key: server_key.serialize_der(),
        client_cert_pem: client.pem(),
        client_key_pem: client_key.serialize_pem(),
    }
}

/// A TLS server on 127.0.0.1 that refuses a handshake without a client certificate from the
/// CA, and answers `user.json` on any API path and a token on the token path.
struct MutualTlsServer {
    addr: SocketAddr,
    /// The paths of the requests that got through the handshake.
    served: Arc<std::sync::Mutex<Vec<String>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for MutualTlsServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl MutualTlsServer {
    async fn start(pki: &Pki) -> MutualTlsServer {
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let mut roots = rustls::RootCertStore::empty();
        roots.add(pki.ca_der.clone()).expect("the CA is a root");
        let verifier =
            rustls::server::WebPkiClientVerifier::builder_with_provider(Arc::new(roots), Arc::clone(&provider))
                .build()
                .expect("a client verifier");
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(pki.server_key.clone()));
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("TLS versions")
            .with_client_cert_verifier(verifier)
            .with_single_cert(vec![pki.server_cert.clone()], key)
            .expect("the server identity");
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
        let addr = listener.local_addr().expect("an address");
        let served = Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = Arc::clone(&served);
        let task = tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                let (acceptor, log) = (acceptor.clone(), Arc::clone(&log));
                tokio::spawn(async move {
                    // A handshake without an acceptable client certificate fails here.
                    let Ok(mut tls) = acceptor.accept(tcp).await else { return };
                    let Some(path) = read_request(&mut tls).await else { return };
                    log.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(path.clone());
                    let (content_type, body) = if path.starts_with("/am/oauth2/access_token") {
                        let token = json!({"access_token": "mtls-access", "token_type": "Bearer", "expires_in": 3599, "refresh_token": "mtls-refresh"});
                        ("application/json", token.to_string())
                    } else {
                        (fake_server::HAL_JSON, fake_server::sample("user.json").to_owned())
                    };
                    let head = format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        body.len()
                    );
                    let _ = tls.write_all(head.as_bytes()).await;
                    let _ = tls.write_all(body.as_bytes()).await;
                    let _ = tls.shutdown().await;
                });
            }
        });
        MutualTlsServer { addr, served, task }
    }

    fn origin(&self) -> String {
        format!("https://{}", self.addr)
    }

    fn served(&self) -> Vec<String> {
        self.served.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }
}

/// The request's path, after reading its head and body.
async fn read_request(stream: &mut (impl AsyncReadExt + Unpin)) -> Option<String> {
    let mut received = Vec::new();
    let mut chunk = [0_u8; 4096];
    let head_end = loop {
        if let Some(at) = received.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let read = stream.read(&mut chunk).await.ok().filter(|&n| n > 0)?;
        received.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&received[..head_end]).into_owned();
    let length: usize = head
        .lines()
        .find_map(|line| line.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().to_owned()))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    while received.len() < head_end + length {
        let read = stream.read(&mut chunk).await.ok().filter(|&n| n > 0)?;
        received.extend_from_slice(&chunk[..read]);
    }
    head.split(' ').nth(1).map(str::to_owned)
}

fn partner_tls(pki: &Pki) -> Tls {
    Tls::new()
        .extra_ca(pki.ca_pem.as_bytes())
        .and_then(|tls| tls.client_identity(pki.client_cert_pem.as_bytes(), pki.client_key_pem.as_bytes()))
        .expect("the partner identity loads")
}

/// With the client certificate the API call goes through; without it (the CA still trusted)
/// the server refuses the handshake and no request arrives.
#[tokio::test]
async fn the_api_needs_the_client_certificate() {
    let pki = pki();
    let server = MutualTlsServer::start(&pki).await;
    let base = format!("{}/connectedcar/v4", server.origin());

    let without = Tls::new().extra_ca(pki.ca_pem.as_bytes()).expect("the CA loads");
    let refused = client_with(builder(&base).tls(without).retry(RetryPolicy::none()));
    let error = failure(refused.get_user(&GetUserParams::default()).await);
    assert!(matches!(error, Error::Connect { .. } | Error::Transport { .. }), "{error:?}");
    assert!(server.served().is_empty(), "{:?}", server.served());

    let partner = client_with(builder(&base).tls(partner_tls(&pki)));
    let user = partner.get_user(&GetUserParams::default()).await.expect("the handshake succeeds").body;
    assert!(user.email.is_some());
    assert_eq!(server.served().len(), 1);
    assert!(server.served()[0].starts_with("/connectedcar/v4/user?"), "{:?}", server.served());
}

/// The token endpoint gets the same identity: a refresh without it is refused, with it succeeds.
#[tokio::test]
async fn the_token_endpoint_needs_the_client_certificate_too() {
    use client_runtime::http::TokenSource as _;
    let pki = pki();
    let server = MutualTlsServer::start(&pki).await;
    let provider = Brand::Opel.provider().with_base_url(&server.origin()).expect("the server's origin");
    let app = OAuthApp::new(provider, CLIENT_ID, CLIENT_SECRET);

    let only_ca = Tls::new().extra_ca(pki.ca_pem.as_bytes()).expect("the CA loads");
    let refused = RefreshingToken::new(app.clone().tls(&only_ca), "mtls-start");
    let error = failure(refused.token().await);
    assert!(matches!(error, Error::Connect { .. } | Error::Transport { .. }), "{error:?}");
    assert!(server.served().is_empty());

    let partner = RefreshingToken::new(app.tls(&partner_tls(&pki)), "mtls-start");
    let token = partner.token().await.expect("the refresh goes through");
    assert_eq!(token.expose(), "mtls-access");
    assert_eq!(server.served(), ["/am/oauth2/access_token"]);
}

/// PEM that holds no certificate or no key is refused when loaded, with a message that shows
/// none of it.
#[test]
fn bad_pem_is_refused_when_loaded() {
    let pki = pki();
    let error = Tls::new().client_identity(pki.client_cert_pem.as_bytes(), b"").expect_err("no key");
    assert!(matches!(error, Error::InvalidRequest { .. }), "{error:?}");
    let error = Tls::new().extra_ca(b"not a certificate").expect_err("no certificate");
    assert!(error.to_string().contains("CA bundle"), "{error}");
    let debug = format!("{:?}", partner_tls(&pki));
    assert_eq!(debug, "Tls { client_identity: true, extra_roots: 1 }");
    assert!(!debug.contains("PRIVATE"), "{debug}");
}
