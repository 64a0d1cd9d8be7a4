/** The triage exports: OpenVEX and CycloneDX VEX from the decisions, DefectDojo generic findings and Jira CSV from the queue. */
package dev.drydock.server.triage;
