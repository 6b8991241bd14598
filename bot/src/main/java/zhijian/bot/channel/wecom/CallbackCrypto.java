package zhijian.bot.channel.wecom;

import me.chanjar.weixin.common.util.crypto.PKCS7Encoder;
import me.chanjar.weixin.common.util.crypto.SHA1;
import me.chanjar.weixin.cp.config.impl.WxCpDefaultConfigImpl;
import me.chanjar.weixin.cp.util.crypto.WxCpCryptUtil;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Base64;

/**
 * WeChat's callback crypto (WXBizMsgCrypt): SHA1 signatures and AES-CBC with the EncodingAESKey, through WxJava's
 * {@link WxCpCryptUtil} (whose key decoding takes every valid key), plus what WxJava leaves out: the check of the
 * receive id inside the plaintext (the corp id; "" for a 智能机器人; the appid for an Official Account) and a
 * constant-time signature comparison.
 */
public final class CallbackCrypto {
    /** The decrypted message, and the id it was encrypted for. */
    public record Opened(String content, String receiveId) {}

    /** A callback that fails a check; {@code code} is the error the endpoint answers with. */
    public static final class Rejected extends Exception {
        private final String code;

        public Rejected(String code, String message) {
            super(message);
            this.code = code;
        }

        public String code() { return code; }
    }

    private final String token;
    private final String receiveId;
    private final Crypt crypt;

    public CallbackCrypto(String token, String aesKey, String receiveId) {
        this.token = token;
        this.receiveId = receiveId;
        WxCpDefaultConfigImpl cfg = new WxCpDefaultConfigImpl();
        cfg.setCorpId(receiveId);
        cfg.setToken(token);
        cfg.setAesKey(aesKey);
        this.crypt = new Crypt(cfg);
    }

    /** WxJava's util, opened up just enough to read the receive id it decrypts and drops. */
    private static final class Crypt extends WxCpCryptUtil {
        Crypt(WxCpDefaultConfigImpl cfg) {
            super(cfg);
        }

        byte[] key() { return aesKey; }
    }

    /** Whether {@code signature} is SHA1 of the sorted token, timestamp, nonce and payload. */
    public boolean verify(String signature, String timestamp, String nonce, String payload) {
        if (signature == null || timestamp == null || nonce == null || payload == null) return false;
        String expected = SHA1.gen(token, timestamp, nonce, payload);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signature.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    public String sign(String timestamp, String nonce, String payload) {
        return SHA1.gen(token, timestamp, nonce, payload);
    }

    /** A cipher per thread (looking one up costs more than decrypting a callback); initialised afresh for each use. */
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/CBC/NoPadding");
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("no AES/CBC in this JVM", e);
        }
    });

    /** Decrypts and checks that the plaintext was meant for us. */
    public Opened open(String encrypted) throws Rejected {
        byte[] plain;
        try {
            byte[] key = crypt.key();
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(Arrays.copyOfRange(key, 0, 16)));
            plain = PKCS7Encoder.decode(cipher.doFinal(Base64.getDecoder().decode(encrypted.strip())));
        } catch (Exception e) {
            throw new Rejected("bad_encryption", "cannot decrypt the message");
        }
        if (plain.length < 20) throw new Rejected("bad_encryption", "decrypted message too short");
        int len = ((plain[16] & 0xff) << 24) | ((plain[17] & 0xff) << 16) | ((plain[18] & 0xff) << 8) | (plain[19] & 0xff);
        if (len < 0 || 20 + len > plain.length) throw new Rejected("bad_encryption", "decrypted message has a bad length");
        String content = new String(plain, 20, len, StandardCharsets.UTF_8);
        String to = new String(plain, 20 + len, plain.length - 20 - len, StandardCharsets.UTF_8);
        if (!to.equals(receiveId)) throw new Rejected("wrong_receiver", "the message was encrypted for another receiver");
        return new Opened(content, to);
    }

    /** Encrypts for our receive id (passive replies, and tests playing WeCom). */
    public String seal(String content) {
        StringBuilder random = new StringBuilder();
        java.security.SecureRandom r = new java.security.SecureRandom();
        for (int i = 0; i < 16; i++) random.append((char) ('a' + r.nextInt(26)));
        return crypt.encrypt(random.toString(), content);
    }

    /**
     * The {@code <Encrypt>} element of a callback body, read with a parser that refuses DOCTYPEs and external
     * entities (XXE, billion laughs).
     */
    public static String encryptElement(String xml) throws Rejected {
        Document d = safeParse(xml);
        NodeList n = d.getDocumentElement().getElementsByTagName("Encrypt");
        if (n.getLength() == 0 || n.item(0).getTextContent().isBlank()) {
            throw new Rejected("malformed_xml", "no Encrypt element");
        }
        return n.item(0).getTextContent().strip();
    }

    /**
     * A parser per thread: making one (the factory lookup and Xerces' configuration) cost several times the parse
     * itself — most of a callback's time in {@code bench-ingress}. Reset before each use; the refusals below are the
     * factory's and survive the reset.
     */
    private static final ThreadLocal<DocumentBuilder> PARSERS = ThreadLocal.withInitial(CallbackCrypto::newParser);

    private static DocumentBuilder newParser() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            return f.newDocumentBuilder();
        } catch (Exception e) {
            throw new IllegalStateException("no safe XML parser: " + e.getMessage(), e);
        }
    }

    /** Parses XML with DOCTYPEs and external entities refused; a body that is not such XML is rejected. */
    public static Document safeParse(String xml) throws Rejected {
        DocumentBuilder b = PARSERS.get();
        try {
            b.reset();
            b.setErrorHandler(null);
            return b.parse(new InputSource(new StringReader(xml)));
        } catch (Exception e) {
            throw new Rejected("malformed_xml", "the body is not acceptable XML");
        }
    }

    /**
     * The elements right under the root of a WeCom message ({@code <xml><MsgType>text</MsgType>…}), name → text, read
     * with the same safe parser; an element that comes twice keeps its first text.
     */
    public static Map<String, String> fields(String xml) throws Rejected {
        Map<String, String> out = new HashMap<>();
        for (Node n = safeParse(xml).getDocumentElement().getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE) out.putIfAbsent(n.getNodeName(), n.getTextContent());
        }
        return out;
    }
}
