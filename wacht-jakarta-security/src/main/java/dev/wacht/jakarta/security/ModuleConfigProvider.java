package dev.wacht.jakarta.security;

import jakarta.security.auth.message.AuthException;
import jakarta.security.auth.message.AuthStatus;
import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.MessagePolicy;
import jakarta.security.auth.message.config.AuthConfigProvider;
import jakarta.security.auth.message.config.ClientAuthConfig;
import jakarta.security.auth.message.config.ServerAuthConfig;
import jakarta.security.auth.message.config.ServerAuthContext;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.CallbackHandler;

/**
 * Offers one application's {@link WachtServerAuthModule} through the Jakarta Authentication provider
 * interfaces, for a factory that registers providers but not modules (Jetty 12's
 * {@code registerServerAuthModule} throws). Server side only; the module is initialized with the
 * container's callback handler when the container first asks for its configuration.
 */
final class ModuleConfigProvider implements AuthConfigProvider {
    /** The message layer of the Servlet Container Profile. */
    static final String LAYER = "HttpServlet";

    /** No policy of its own: the container says per message whether it is mandatory. */
    private static final MessagePolicy NOT_MANDATORY = new MessagePolicy(new MessagePolicy.TargetPolicy[0], false);

    private final WachtServerAuthModule module;

    ModuleConfigProvider(WachtServerAuthModule module) {
        this.module = module;
    }

    @Override
    public ClientAuthConfig getClientAuthConfig(String layer, String appContext, CallbackHandler handler) {
        throw new UnsupportedOperationException("Wacht's Jakarta Authentication provider is for servers only");
    }

    @Override
    public ServerAuthConfig getServerAuthConfig(String layer, String appContext, CallbackHandler handler)
            throws AuthException {
        module.initialize(NOT_MANDATORY, NOT_MANDATORY, handler, Map.of());
        return new Config(layer, appContext, new Context(module));
    }

    @Override
    public void refresh() {
        // the configuration is fixed when the application starts
    }

    /** The application's configuration: the same context (the module) for every message. */
    private static final class Config implements ServerAuthConfig {
        private final String layer;
        private final String appContext;
        private final Context context;

        Config(String layer, String appContext, Context context) {
            this.layer = layer;
            this.appContext = appContext;
            this.context = context;
        }

        @Override
        public ServerAuthContext getAuthContext(String authContextId, Subject serviceSubject,
                @SuppressWarnings("rawtypes") Map properties) {
            return context;
        }

        @Override
        public String getMessageLayer() {
            return layer;
        }

        @Override
        public String getAppContext() {
            return appContext;
        }

        @Override
        public String getAuthContextID(MessageInfo messageInfo) {
            return appContext;
        }

        @Override
        public void refresh() {
            // the configuration is fixed when the application starts
        }

        @Override
        public boolean isProtected() {
            return false;
        }
    }

    /** Hands every message to the module. */
    private static final class Context implements ServerAuthContext {
        private final WachtServerAuthModule module;

        Context(WachtServerAuthModule module) {
            this.module = module;
        }

        @Override
        public AuthStatus validateRequest(MessageInfo messageInfo, Subject client, Subject service) throws AuthException {
            return module.validateRequest(messageInfo, client, service);
        }

        @Override
        public AuthStatus secureResponse(MessageInfo messageInfo, Subject service) {
            return module.secureResponse(messageInfo, service);
        }

        @Override
        public void cleanSubject(MessageInfo messageInfo, Subject subject) {
            module.cleanSubject(messageInfo, subject);
        }
    }
}
