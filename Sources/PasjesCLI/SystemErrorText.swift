import Foundation
import PasjesProtocol

/// Why a system call or the connection failed, in Dutch: `strerror` and the socket layer speak English.
enum SystemErrorText {
    /// The Dutch words for `errno` `code`.
    static func dutch(_ code: Int32) -> String {
        switch code {
        case ENOENT: "bestand of map bestaat niet"
        case EACCES, EPERM: "geen toegang"
        case ECONNREFUSED: "niemand luistert op de socket (draait pasjesd?)"
        case ENOTDIR: "een deel van het pad is geen map"
        case EISDIR: "dit is een map"
        case ENOSPC: "de schijf is vol"
        case EEXIST: "bestaat al"
        case EROFS: "het bestandssysteem is alleen-lezen"
        case EAGAIN, ETIMEDOUT: "geen antwoord op tijd"
        case ECONNRESET, EPIPE: "de verbinding is verbroken"
        case ENAMETOOLONG: "het pad is te lang"
        case ELOOP: "te veel symbolische koppelingen in het pad"
        default: "systeemfout \(code)"
        }
    }

    /// A connection failure in Dutch: the system's reason when there is one, else what happened.
    static func dutch(_ error: ConnectionError) -> String {
        if error.errnoCode != 0 { return dutch(error.errnoCode) }
        if error.reason.hasPrefix("socket path too long") { return "het pad van de socket is te lang" }
        if error.reason.hasPrefix("timed out") { return "pasjesd antwoordde niet op tijd" }
        if error.reason.hasSuffix("closed the connection") { return "pasjesd verbrak de verbinding" }
        return error.reason
    }
}
