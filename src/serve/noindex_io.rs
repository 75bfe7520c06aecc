//! The connections of the preview server, so that hyper's own replies say `noindex` too.
//!
//! hyper answers a request it cannot parse by itself, before any handler runs: `400 Bad
//! Request`, `414 URI Too Long`, `431 Request Header Fields Too Large`, each with an empty
//! body, and it has no hook to add a header. Every reply of cahier's own handlers carries
//! `X-Robots-Tag`; this wrapper adds it to a reply head that lacks it and has one of those
//! statuses and an empty body, as it is written.
//!
//! Input: the accepted TCP streams. Output: the same streams, writing the header in. Failure:
//! the stream's own I/O errors, unchanged.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

/// The statuses hyper writes by itself.
const HYPER_OWN: [&[u8]; 3] = [b"HTTP/1.1 400 ", b"HTTP/1.1 414 ", b"HTTP/1.1 431 "];

/// The listener of the preview server; see the module docs.
pub struct Listener(pub TcpListener);

impl axum::serve::Listener for Listener {
    type Io = Stream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Stream, SocketAddr) {
        let (inner, addr) = axum::serve::Listener::accept(&mut self.0).await;
        (Stream { inner, pending: None }, addr)
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        self.0.local_addr()
    }
}

/// An accepted connection; see the module docs.
pub struct Stream {
    inner: TcpStream,
    /// A rewritten reply head not yet all written, and how much of it is.
    pending: Option<(Vec<u8>, usize)>,
}

/// `head` with `X-Robots-Tag: noindex` after its status line, when it is one of hyper's own
/// replies (its status, an empty body, the whole head in one write, no such header).
pub fn with_noindex(head: &[u8]) -> Option<Vec<u8>> {
    if !HYPER_OWN.iter().any(|s| head.starts_with(s)) || !head.ends_with(b"\r\n\r\n") {
        return None;
    }
    let lower = head.to_ascii_lowercase();
    let has = |needle: &[u8]| lower.windows(needle.len()).any(|w| w == needle);
    if has(b"x-robots-tag") || !has(b"content-length: 0\r\n") {
        return None;
    }
    let line_end = lower.windows(2).position(|w| w == b"\r\n")? + 2;
    let mut out = Vec::with_capacity(head.len() + 32);
    out.extend_from_slice(&head[..line_end]);
    out.extend_from_slice(b"x-robots-tag: noindex, nofollow\r\n");
    out.extend_from_slice(&head[line_end..]);
    Some(out)
}

impl Stream {
    /// Writes what is left of a rewritten head.
    fn poll_pending(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while let Some((bytes, done)) = self.pending.as_mut() {
            if *done == bytes.len() {
                self.pending = None;
                break;
            }
            let n = ready!(Pin::new(&mut self.inner).poll_write(cx, &bytes[*done..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            *done += n;
        }
        Poll::Ready(Ok(()))
    }
}

impl AsyncRead for Stream {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for Stream {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if this.pending.is_some() {
            // The rewritten head of `buf` (hyper writes the same bytes again after `Pending`).
            ready!(this.poll_pending(cx))?;
            return Poll::Ready(Ok(buf.len()));
        }
        if let Some(rewritten) = with_noindex(buf) {
            this.pending = Some((rewritten, 0));
            ready!(this.poll_pending(cx))?;
            return Poll::Ready(Ok(buf.len()));
        }
        Pin::new(&mut this.inner).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_pending(cx))?;
        Pin::new(&mut this.inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_pending(cx))?;
        Pin::new(&mut this.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyper_s_own_replies_get_the_header_others_are_untouched() {
        let head = b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\ndate: x\r\n\r\n";
        let out = String::from_utf8(with_noindex(head).unwrap()).unwrap();
        assert_eq!(
            out,
            "HTTP/1.1 431 Request Header Fields Too Large\r\nx-robots-tag: noindex, nofollow\r\ncontent-length: 0\r\n\
             date: x\r\n\r\n"
        );
        for untouched in [
            &b"HTTP/1.1 400 Bad Request\r\nx-robots-tag: noindex\r\ncontent-length: 0\r\n\r\n"[..],
            b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n",
            b"HTTP/1.1 400 Bad Request\r\ncontent-length: 12\r\n\r\n",
            b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n",
        ] {
            assert_eq!(with_noindex(untouched), None, "{}", String::from_utf8_lossy(untouched));
        }
    }
}
