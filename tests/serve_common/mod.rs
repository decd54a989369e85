//! What the `cogov serve` tests share: the real server as a child process, a plain HTTP
//! client over a TCP socket, and a blocking WebSocket client.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// A running `cogov serve --port 0`; killed if a test ends without `stop`.
pub struct Server {
    pub addr: SocketAddr,
    child: Option<Child>,
}

impl Server {
    pub fn start(extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_cogov"))
            .args(["serve", "--port", "0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("cannot start cogov serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line
            .trim()
            .strip_prefix("cogov serve: http://")
            .unwrap_or_else(|| panic!("first line is not the address: {line:?}"));
        let addr = url.trim_end_matches('/').parse().unwrap();
        Server {
            addr,
            child: Some(child),
        }
    }

    /// Whether the process is still running (it never panicked or exited).
    pub fn alive(&self) -> bool {
        let (status, _, _) = http(self.addr, "GET", "/api/meta", b"");
        status == 200
    }

    /// SIGTERM, then the process must end on its own with status 0.
    pub fn stop(mut self) {
        let mut child = self.child.take().unwrap();
        unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
        let until = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                assert!(
                    status.success(),
                    "cogov serve ended with {status} after SIGTERM"
                );
                return;
            }
            assert!(
                Instant::now() < until,
                "cogov serve did not stop after SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// One HTTP/1.1 request with `Connection: close`: (status, head, body).
pub fn http(addr: SocketAddr, method: &str, path: &str, body: &[u8]) -> (u16, String, Vec<u8>) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    // The server may answer (413) before reading a large body and close: not an error.
    let _ = stream.write_all(body);
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let split = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no HTTP answer: {:?}", String::from_utf8_lossy(&answer)));
    let head = String::from_utf8_lossy(&answer[..split]).to_string();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    let mut body = answer[split + 4..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = unchunk(&body);
    }
    (status, head, body)
}

fn unchunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(end) = data.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size =
            usize::from_str_radix(std::str::from_utf8(&data[..end]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[end + 2..end + 2 + size]);
        data = &data[end + 2 + size + 2..];
    }
}

/// A WebSocket to the server, blocking (a tokio runtime of its own inside).
pub struct Socket {
    runtime: tokio::runtime::Runtime,
    stream: tokio_tungstenite::WebSocketStream<
        tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
    >,
}

impl Socket {
    pub fn connect(addr: SocketAddr) -> Socket {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let (stream, _) = runtime
            .block_on(tokio_tungstenite::connect_async(format!("ws://{addr}/ws")))
            .expect("cannot open the WebSocket");
        Socket { runtime, stream }
    }

    pub fn send(&mut self, text: &str) {
        use futures_util::SinkExt;
        let message = tokio_tungstenite::tungstenite::Message::Text(text.to_string().into());
        self.runtime.block_on(self.stream.send(message)).unwrap();
    }

    pub fn send_binary(&mut self, bytes: &[u8]) {
        use futures_util::SinkExt;
        let message = tokio_tungstenite::tungstenite::Message::Binary(bytes.to_vec().into());
        self.runtime.block_on(self.stream.send(message)).unwrap();
    }

    /// The next JSON message (waits up to two minutes).
    pub fn next(&mut self) -> Value {
        use futures_util::StreamExt;
        loop {
            let next = self.runtime.block_on(async {
                tokio::time::timeout(Duration::from_secs(120), self.stream.next()).await
            });
            match next {
                Ok(Some(Ok(tokio_tungstenite::tungstenite::Message::Text(t)))) => {
                    return serde_json::from_str(t.as_str()).unwrap();
                }
                Ok(Some(Ok(_))) => continue,
                other => panic!("no message from the server: {other:?}"),
            }
        }
    }

    /// The next message of this type, skipping others (e.g. "playing").
    pub fn next_of(&mut self, kind: &str) -> Value {
        loop {
            let m = self.next();
            if m["type"] == kind {
                return m;
            }
            if m["type"] == "error" && kind != "error" {
                panic!("expected {kind}, got an error: {m}");
            }
        }
    }
}
