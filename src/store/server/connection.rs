//! A connection to the register's server, encrypted as its address asks.

use openssl::ssl::{SslConnector, SslMethod, SslVerifyMode};
use postgres::{Client, NoTls};
use postgres_openssl::MakeTlsConnector;

use super::address::{ServerAddress, Tls};
use crate::store::error::{StoreError, StoreResult};

/// Connects as the address's user, with the password from `PGPASSWORD` or
/// the password file.
pub(crate) fn connect(address: &ServerAddress) -> StoreResult<Client> {
    let (config, note) = address.with_password();
    let result = match &address.tls {
        Tls::Disable => config.connect(NoTls),
        tls => config.connect(tls_connector(tls).map_err(|e| failure(address, e))?),
    };
    result.map_err(|e| {
        let mut message = connection_message(&e);
        if let Some(note) = note {
            message.push_str(&format!(" ({note})"));
        }
        StoreError::Server {
            address: address.to_string(),
            message,
        }
    })
}

fn tls_connector(tls: &Tls) -> Result<MakeTlsConnector, openssl::error::ErrorStack> {
    let mut builder = SslConnector::builder(SslMethod::tls_client())?;
    let host_name = match tls {
        Tls::Verify { root, host_name } => {
            match root {
                Some(file) => builder.set_ca_file(file)?,
                None => system_authorities(&mut builder)?,
            }
            *host_name
        }
        _ => {
            builder.set_verify(SslVerifyMode::NONE);
            false
        }
    };
    let mut connector = MakeTlsConnector::new(builder.build());
    connector.set_callback(move |config, _| {
        config.set_verify_hostname(host_name);
        Ok(())
    });
    Ok(connector)
}

/// The operating system's certificate authorities (the OpenSSL built into
/// the binary looks in its own build folder otherwise).
fn system_authorities(
    builder: &mut openssl::ssl::SslConnectorBuilder,
) -> Result<(), openssl::error::ErrorStack> {
    let bundle = std::env::var_os("SSL_CERT_FILE")
        .map(std::path::PathBuf::from)
        .into_iter()
        .chain(
            [
                "/etc/ssl/certs/ca-certificates.crt",
                "/etc/pki/tls/certs/ca-bundle.crt",
                "/etc/ssl/cert.pem",
            ]
            .map(std::path::PathBuf::from),
        )
        .find(|f| f.is_file());
    match bundle {
        Some(file) => builder.set_ca_file(file),
        None => builder.set_default_verify_paths(),
    }
}

fn failure(address: &ServerAddress, error: impl std::fmt::Display) -> StoreError {
    StoreError::Server {
        address: address.to_string(),
        message: error.to_string(),
    }
}

/// What went wrong, in the words of the server where it said something.
fn connection_message(error: &postgres::Error) -> String {
    match error.as_db_error() {
        Some(db) => format!("the server refused: {}", db.message()),
        None if error.to_string().contains("password missing") => {
            "the server asks for a password: set PGPASSWORD, or add a line \
             HOST:PORT:DATABASE:USER:PASSWORD to ~/.pgpass (mode 600)"
                .to_string()
        }
        None => format!("cannot reach the server: {error}"),
    }
}

/// A server's error during work, as the store reports it.
pub(crate) fn server_error(address: &ServerAddress, error: postgres::Error) -> StoreError {
    let message = match error.as_db_error() {
        Some(db) => match db.detail() {
            Some(detail) => format!("{} ({detail})", db.message()),
            None => db.message().to_string(),
        },
        None => error.to_string(),
    };
    StoreError::Server {
        address: address.to_string(),
        message,
    }
}
