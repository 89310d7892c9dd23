import { z } from 'zod'

// Zod probes for `new Function` to compile fast validators; under our CSP the probe fails
// harmlessly but still files a policy violation, which would hide real ones. Interpreted
// validation is plenty for the few calls the renderer checks.
z.config({ jitless: true })
