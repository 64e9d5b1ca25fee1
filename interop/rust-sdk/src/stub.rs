//! A stub IAM Identity Center portal (and STS) on 127.0.0.1, and a plain-HTTP connector that
//! only ever connects to it.

use aws_smithy_runtime_api::client::http::{
    HttpConnector, HttpConnectorFuture, SharedHttpClient, SharedHttpConnector, http_client_fn,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_types::body::SdkBody;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// One request the stub answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Call {
    /// `GET /federation/credentials` (SSO GetRoleCredentials).
    Sso {
        host: String,
        account: String,
        role: String,
        bearer: String,
    },
    /// STS AssumeRole (a role chained onto an SSO profile).
    Sts { host: String, role_arn: String },
    /// Anything else (answered 404).
    Other {
        host: String,
        method: String,
        path: String,
    },
}

/// Bearer tokens starting with this are answered 401, as the portal answers an expired token.
pub const EXPIRED_TOKEN_PREFIX: &str = "expired.";

pub struct Stub {
    pub addr: SocketAddr,
    calls: Arc<Mutex<Vec<Call>>>,
    task: JoinHandle<()>,
}

impl Stub {
    pub async fn start() -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let calls = Arc::new(Mutex::new(Vec::new()));
        let recorded = calls.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let recorded = recorded.clone();
                tokio::spawn(async move {
                    let _ = serve(stream, recorded).await;
                });
            }
        });
        Ok(Self { addr, calls, task })
    }

    pub fn calls(&self) -> Vec<Call> {
        self.calls.lock().unwrap().clone()
    }

    /// A plain-HTTP client whose connector sends every request to this stub over loopback,
    /// whatever host the SDK resolved (which the stub records from the `Host` header).
    pub fn http_client(&self) -> SharedHttpClient {
        let connector = SharedHttpConnector::new(LoopbackConnector { stub: self.addr });
        http_client_fn(move |_, _| connector.clone())
    }
}

impl Drop for Stub {
    fn drop(&mut self) {
        self.task.abort();
    }
}

struct Parsed {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Parsed {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Reads one HTTP/1.1 message head plus a Content-Length body.
async fn read_message(
    stream: &mut TcpStream,
) -> std::io::Result<(String, Vec<(String, String)>, Vec<u8>)> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::Error::other(
                "connection closed before the end of the head",
            ));
        }
        buf.extend_from_slice(&chunk[..n]);
        if buf.len() > 1 << 20 {
            return Err(std::io::Error::other("head too large"));
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut body = buf[head_end + 4..].to_vec();
    let mut lines = head.split("\r\n");
    let first = lines.next().unwrap_or_default().to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let len = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok());
    match len {
        Some(len) => {
            while body.len() < len {
                let n = stream.read(&mut chunk).await?;
                if n == 0 {
                    break;
                }
                body.extend_from_slice(&chunk[..n]);
            }
            body.truncate(len);
        }
        None => {
            // Response without a length: read until the peer closes.
            stream.read_to_end(&mut body).await?;
        }
    }
    Ok((first, headers, body))
}

async fn serve(mut stream: TcpStream, calls: Arc<Mutex<Vec<Call>>>) -> std::io::Result<()> {
    let (first, headers, body) = read_message(&mut stream).await?;
    let mut parts = first.split(' ');
    let req = Parsed {
        method: parts.next().unwrap_or_default().to_string(),
        target: parts.next().unwrap_or_default().to_string(),
        headers,
        body,
    };
    let host = req.header("host").unwrap_or_default().to_string();
    let (path, query) = req.target.split_once('?').unwrap_or((&req.target, ""));
    let expiry = crate::util::now_secs() + 3600;
    let (status, content_type, reply, call) = if req.method == "GET"
        && path == "/federation/credentials"
    {
        let q = form_decode(query);
        let call = Call::Sso {
            host,
            account: q.get("account_id").cloned().unwrap_or_default(),
            role: q.get("role_name").cloned().unwrap_or_default(),
            bearer: req
                .header("x-amz-sso_bearer_token")
                .unwrap_or_default()
                .to_string(),
        };
        // A token the carry scenario marks as expired is refused as the real portal refuses
        // one: 401 UnauthorizedException.
        if matches!(&call, Call::Sso { bearer, .. } if bearer.starts_with(EXPIRED_TOKEN_PREFIX)) {
            (
                401,
                "application/json",
                r#"{"message":"Session token not found or invalid"}"#.to_string(),
                call,
            )
        } else {
            let body = serde_json::json!({"roleCredentials": {
                "accessKeyId": "AKID", "secretAccessKey": "S", "sessionToken": "T",
                "expiration": expiry * 1000,
            }});
            (200, "application/json", body.to_string(), call)
        }
    } else if req.method == "POST"
        && form_decode(&String::from_utf8_lossy(&req.body))
            .get("Action")
            .map(String::as_str)
            == Some("AssumeRole")
    {
        let form = form_decode(&String::from_utf8_lossy(&req.body));
        let role_arn = form.get("RoleArn").cloned().unwrap_or_default();
        let session = form.get("RoleSessionName").cloned().unwrap_or_default();
        let xml = format!(
            "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>\
             <AssumedRoleUser><AssumedRoleId>AROASTUB:{s}</AssumedRoleId><Arn>{a}/{s}</Arn></AssumedRoleUser>\
             <Credentials><AccessKeyId>ASIASTUB</AccessKeyId><SecretAccessKey>S</SecretAccessKey>\
             <SessionToken>T</SessionToken><Expiration>{e}</Expiration></Credentials>\
             </AssumeRoleResult><ResponseMetadata><RequestId>stub</RequestId></ResponseMetadata></AssumeRoleResponse>",
            s = xml_escape(&session),
            a = xml_escape(&role_arn),
            e = crate::util::utc_timestamp(expiry)
        );
        (200, "text/xml", xml, Call::Sts { host, role_arn })
    } else {
        let call = Call::Other {
            host,
            method: req.method.clone(),
            path: path.to_string(),
        };
        (
            404,
            "application/json",
            r#"{"message":"not found"}"#.to_string(),
            call,
        )
    };
    calls.lock().unwrap().push(call);
    let (reason, error_type) = match status {
        200 => ("OK", ""),
        401 => (
            "Unauthorized",
            "x-amzn-ErrorType: UnauthorizedException\r\n",
        ),
        _ => ("Not Found", ""),
    };
    let resp = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\n{error_type}Content-Length: {}\r\nConnection: close\r\n\r\n{reply}",
        reply.len()
    );
    stream.write_all(resp.as_bytes()).await?;
    stream.shutdown().await
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn form_decode(s: &str) -> std::collections::HashMap<String, String> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = b
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b[i], hex) {
            (b'+', _) => out.push(b' '),
            (b'%', Some(v)) => {
                out.push(v);
                i += 2;
            }
            (c, _) => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[derive(Debug)]
struct LoopbackConnector {
    stub: SocketAddr,
}

impl HttpConnector for LoopbackConnector {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let stub = self.stub;
        HttpConnectorFuture::new(async move {
            send(stub, request)
                .await
                .map_err(|e| ConnectorError::io(e.into()))
        })
    }
}

async fn send(stub: SocketAddr, request: HttpRequest) -> std::io::Result<HttpResponse> {
    if !stub.ip().is_loopback() {
        return Err(std::io::Error::other(
            "refusing to connect to a non-loopback address",
        ));
    }
    let uri = request.uri().to_string();
    let rest = uri.split_once("://").map(|(_, r)| r).unwrap_or(&uri);
    let split = rest.find('/').unwrap_or(rest.len());
    let (authority, target) = rest.split_at(split);
    let target = if target.is_empty() { "/" } else { target };
    let body = request
        .body()
        .bytes()
        .ok_or_else(|| std::io::Error::other("streaming request bodies are not supported"))?
        .to_vec();
    let mut head = format!(
        "{} {target} HTTP/1.1\r\nHost: {authority}\r\n",
        request.method()
    );
    for (k, v) in request.headers().iter() {
        if ["host", "content-length", "connection", "transfer-encoding"]
            .iter()
            .any(|h| k.eq_ignore_ascii_case(h))
        {
            continue;
        }
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    let mut stream = TcpStream::connect(stub).await?;
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(&body).await?;
    let (status_line, headers, body) = read_message(&mut stream).await?;
    let code: u16 = status_line
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("bad status line {status_line:?}")))?;
    let status = StatusCode::try_from(code).map_err(std::io::Error::other)?;
    let mut response = HttpResponse::new(status, SdkBody::from(body));
    for (k, v) in headers {
        response.headers_mut().insert(k, v);
    }
    Ok(response)
}
