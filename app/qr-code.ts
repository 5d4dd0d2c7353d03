// A link an admin hands on (kiosk pairing, staff invite) as a QR code for a phone's or tablet's
// camera: a PNG data URL made on the server, shown once with the link.
import "server-only";
import QRCode from "qrcode";

export function linkQrCode(link: string, width: number): Promise<string> {
  return QRCode.toDataURL(link, { margin: 2, width, errorCorrectionLevel: "M" });
}
