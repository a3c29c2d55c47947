//! The server on a real socket: binds, reports its port, answers HTTP.

use sitrep_serve::{serve, AppState, MemorySource, ServeError};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{mpsc, Arc};
use std::time::Duration;

fn state() -> AppState {
    AppState::new(Arc::new(MemorySource::default()), None)
}

fn ask(bound: SocketAddr, host: &str) -> String {
    let mut conn = TcpStream::connect(bound).unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        conn,
        "GET /api/incidents HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    conn.read_to_string(&mut answer).unwrap();
    answer
}

#[test]
fn serves_on_the_port_it_reports() {
    let (tx, rx) = mpsc::channel();
    // The server runs until the test process ends.
    std::thread::spawn(move || {
        let any: SocketAddr = "127.0.0.1:0".parse().unwrap();
        let _ = serve(any, state(), |bound| tx.send(bound).unwrap());
    });
    let bound = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("the server reports its address");
    assert!(bound.ip().is_loopback());
    assert_ne!(bound.port(), 0);
    let answer = ask(bound, &bound.to_string());
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains(r#""total":0"#), "{answer}");
    let answer = ask(bound, &format!("localhost:{}", bound.port()));
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    // The real server checks Host: a rebound name is refused.
    let answer = ask(bound, &format!("attacker.example:{}", bound.port()));
    assert!(answer.starts_with("HTTP/1.1 421"), "{answer}");
    assert!(answer.contains("--allow-host attacker.example"), "{answer}");
}

#[test]
fn a_busy_port_is_a_clear_error() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap();
    let err = serve(addr, state(), |_| panic!("must not be ready")).unwrap_err();
    assert!(matches!(err, ServeError::Bind { .. }));
    assert!(err.to_string().contains(&addr.to_string()), "{err}");
}
