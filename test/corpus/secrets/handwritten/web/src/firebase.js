import { initializeApp } from 'firebase/app';
import { getAuth } from 'firebase/auth';

// Firebase web config: these values identify the project and are public by design.
const firebaseConfig = {
  apiKey: '⟦-firebase-web-config⟧AIzaSyHRdssZmtap7a5qh5bC-gduIEIMK2CXEk2⟦⟧',
  authDomain: 'acme-shop-4821.firebaseapp.com',
  projectId: 'acme-shop-4821',
  storageBucket: 'acme-shop-4821.appspot.com',
  messagingSenderId: '493020118234',
  appId: '1:493020118234:web:7d2c1f0e9a8b6c5d4e3f21',
};

export const app = initializeApp(firebaseConfig);
export const auth = getAuth(app);

// Server-side summariser (moved here from the API by mistake).
export const OPENAI_API_KEY = '⟦+openai-project-key⟧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⟦⟧';
export const SUMMARY_MODEL = 'gpt-4o-mini';
export const PASSWORD_MIN_LENGTH = ⟦-config-not-secret⟧12⟦⟧;
